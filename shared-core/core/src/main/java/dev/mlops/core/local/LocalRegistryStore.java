package dev.mlops.core.local;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.port.VersionQuery;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.search.RegistryMatcher;
import dev.mlops.core.search.RegistryOrdering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The registry as one JSON file per registered model ({@code meta/registry/<id>.json}) holding the model, all its
 * versions, the highest number ever allocated and the live idempotency keys. The file is named by a stable id, not
 * the model name, so a rename is one atomic rewrite. One lock serialises every write: version numbers come out
 * gap-free and a transition that archives the other versions is a single file replacement. The in-memory index
 * changes only after the file did.
 */
public final class LocalRegistryStore implements RegistryStore {

    /** What one model file holds. {@code lastVersion} never decreases, so deleted numbers are not reused. */
    record ModelFile(String id, RegisteredModel model, List<ModelVersion> versions, int lastVersion,
                     Map<String, Replay> replays) {
        ModelFile {
            versions = List.copyOf(versions);
            replays = Map.copyOf(replays);
        }
    }

    /** A create-version request already served: its key answers with {@code version} until {@code until}. */
    record Replay(int version, long until) {
    }

    private final Path dir;
    private final Map<String, ModelFile> byName = new HashMap<>();
    private final Object lock = new Object();

    public LocalRegistryStore(Path dataDir) {
        this.dir = dataDir.resolve("meta/registry");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot open " + dir + ": " + e.getMessage(), e);
        }
        reload();
    }

    /** Reads every model file from disk again; a restore calls it while writes are fenced. */
    void reload() {
        synchronized (lock) {
            byName.clear();
            JsonFiles.readAll(dir, ModelFile.class).forEach(f -> byName.put(f.model().name(), f));
        }
    }

    // ---- models

    @Override
    public RegisteredModel createModel(RegisteredModel model) {
        synchronized (lock) {
            if (byName.containsKey(model.name())) {
                throw alreadyExists(model.name());
            }
            save(new ModelFile(UUID.randomUUID().toString(), model, List.of(), 0, Map.of()));
            return model;
        }
    }

    @Override
    public Optional<RegisteredModel> getModel(String name) {
        synchronized (lock) {
            return Optional.ofNullable(byName.get(name)).map(ModelFile::model);
        }
    }

    @Override
    public RegisteredModel renameModel(String name, String newName, long timestamp) {
        synchronized (lock) {
            ModelFile file = existing(name);
            if (name.equals(newName)) {
                return file.model();
            }
            if (byName.containsKey(newName)) {
                throw alreadyExists(newName);
            }
            RegisteredModel m = file.model();
            RegisteredModel renamed = new RegisteredModel(newName, m.creationTimestamp(), timestamp,
                    m.description(), m.tags(), m.aliases());
            List<ModelVersion> versions = file.versions().stream().map(v -> withName(v, newName)).toList();
            ModelFile moved = new ModelFile(file.id(), renamed, versions, file.lastVersion(), file.replays());
            save(moved);
            byName.remove(name);
            return renamed;
        }
    }

    @Override
    public RegisteredModel updateModelDescription(String name, String description, long timestamp) {
        return updateModel(name, m -> new RegisteredModel(m.name(), m.creationTimestamp(), timestamp, description,
                m.tags(), m.aliases()));
    }

    @Override
    public void deleteModel(String name) {
        synchronized (lock) {
            ModelFile file = existing(name);
            try {
                Files.deleteIfExists(fileOf(file.id()));
            } catch (IOException e) {
                throw new StorageFailureException("Could not delete model '" + name + "': " + e.getMessage(), e);
            }
            byName.remove(name);
        }
    }

    // Tags and aliases leave last_updated_timestamp alone, as MLflow's SQL store does (and the DynamoDB store).
    @Override
    public void setModelTag(String name, String key, String value, long timestamp) {
        updateModel(name, m -> {
            Map<String, String> tags = new HashMap<>(m.tags());
            tags.put(key, value);
            return new RegisteredModel(m.name(), m.creationTimestamp(), m.lastUpdatedTimestamp(), m.description(),
                    tags, m.aliases());
        });
    }

    @Override
    public void deleteModelTag(String name, String key, long timestamp) {
        updateModel(name, m -> {
            Map<String, String> tags = new HashMap<>(m.tags());
            tags.remove(key);
            return new RegisteredModel(m.name(), m.creationTimestamp(), m.lastUpdatedTimestamp(), m.description(),
                    tags, m.aliases());
        });
    }

    @Override
    public void setAlias(String name, String alias, int version, long timestamp) {
        synchronized (lock) {
            ModelFile file = existing(name);
            versionIn(file, name, version);
            Map<String, Integer> aliases = new HashMap<>(file.model().aliases());
            aliases.put(alias, version);
            saveModel(file, withAliases(file.model(), aliases, file.model().lastUpdatedTimestamp()));
        }
    }

    @Override
    public void deleteAlias(String name, String alias, long timestamp) {
        synchronized (lock) {
            ModelFile file = existing(name);
            if (!file.model().aliases().containsKey(alias)) {
                return;
            }
            Map<String, Integer> aliases = new HashMap<>(file.model().aliases());
            aliases.remove(alias);
            saveModel(file, withAliases(file.model(), aliases, file.model().lastUpdatedTimestamp()));
        }
    }

    @Override
    public Page<RegisteredModel> searchModels(ModelQuery query) {
        Comparator<RegisteredModel> order = RegistryOrdering.models(query.orderBy());
        List<RegisteredModel> matching;
        synchronized (lock) {
            matching = byName.values().stream().map(ModelFile::model)
                    .filter(m -> RegistryMatcher.matches(query.filter(), m))
                    .sorted(order)
                    .toList();
        }
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    // ---- versions

    @Override
    public ModelVersion createVersion(NewModelVersion request) {
        synchronized (lock) {
            ModelFile file = existing(request.name());
            Map<String, Replay> replays = new HashMap<>();
            file.replays().forEach((key, replay) -> {
                if (replay.until() > request.timestamp()) {
                    replays.put(key, replay);
                }
            });
            String key = request.idempotencyKey();
            if (key != null && replays.containsKey(key)) {
                int earlier = replays.get(key).version();
                Optional<ModelVersion> first = file.versions().stream().filter(v -> v.version() == earlier)
                        .findFirst();
                if (first.isPresent()) {
                    return first.get();
                }
            }
            int number = file.lastVersion() + 1;
            ModelVersion version = new ModelVersion(request.name(), number, request.timestamp(), request.timestamp(),
                    request.userId(), ModelStage.NONE, request.description(), request.source(), request.runId(),
                    request.runLink(), request.status(), request.statusMessage(), request.tags(), request.modelId());
            if (key != null) {
                replays.put(key, new Replay(number, request.idempotentUntil()));
            }
            List<ModelVersion> versions = new ArrayList<>(file.versions());
            versions.add(version);
            RegisteredModel m = file.model();
            RegisteredModel touched = new RegisteredModel(m.name(), m.creationTimestamp(), request.timestamp(),
                    m.description(), m.tags(), m.aliases());
            save(new ModelFile(file.id(), touched, versions, number, replays));
            return version;
        }
    }

    @Override
    public Optional<ModelVersion> getVersion(String name, int version) {
        synchronized (lock) {
            ModelFile file = byName.get(name);
            return file == null ? Optional.empty()
                    : file.versions().stream().filter(v -> v.version() == version).findFirst();
        }
    }

    @Override
    public ModelVersion updateVersion(ModelVersion update) {
        return updateVersion(update.name(), update.version(), v -> new ModelVersion(v.name(), v.version(),
                v.creationTimestamp(), update.lastUpdatedTimestamp(), v.userId(), v.stage(), update.description(),
                v.source(), v.runId(), v.runLink(), update.status(), update.statusMessage(), v.tags(), v.modelId()));
    }

    @Override
    public void deleteVersion(String name, int version) {
        synchronized (lock) {
            ModelFile file = existing(name);
            versionIn(file, name, version);
            List<ModelVersion> versions = file.versions().stream().filter(v -> v.version() != version).toList();
            Map<String, Integer> aliases = new HashMap<>(file.model().aliases());
            aliases.values().removeIf(v -> v == version);
            RegisteredModel m = file.model();
            RegisteredModel updated = new RegisteredModel(m.name(), m.creationTimestamp(), m.lastUpdatedTimestamp(),
                    m.description(), m.tags(), aliases);
            save(new ModelFile(file.id(), updated, versions, file.lastVersion(), file.replays()));
        }
    }

    @Override
    public ModelVersion transitionStage(String name, int version, ModelStage stage, boolean archiveExisting,
                                        long timestamp) {
        synchronized (lock) {
            ModelFile file = existing(name);
            versionIn(file, name, version);
            boolean archive = archiveExisting && (stage == ModelStage.STAGING || stage == ModelStage.PRODUCTION);
            ModelVersion moved = null;
            List<ModelVersion> versions = new ArrayList<>();
            for (ModelVersion v : file.versions()) {
                if (v.version() == version) {
                    moved = withStage(v, stage, timestamp);
                    versions.add(moved);
                } else if (archive && v.stage() == stage) {
                    versions.add(withStage(v, ModelStage.ARCHIVED, timestamp));
                } else {
                    versions.add(v);
                }
            }
            save(new ModelFile(file.id(), file.model(), versions, file.lastVersion(), file.replays()));
            return moved;
        }
    }

    @Override
    public ModelVersion rollBack(String name, int version, java.util.Collection<String> aliases, long timestamp) {
        synchronized (lock) {
            ModelFile file = existing(name);
            versionIn(file, name, version);
            ModelVersion target = null;
            List<ModelVersion> versions = new ArrayList<>();
            for (ModelVersion v : file.versions()) {
                if (v.version() == version) {
                    target = withStage(v, ModelStage.PRODUCTION, timestamp);
                    versions.add(target);
                } else if (v.stage() == ModelStage.PRODUCTION) {
                    versions.add(withStage(v, ModelStage.ARCHIVED, timestamp));
                } else {
                    versions.add(v);
                }
            }
            Map<String, Integer> moved = new HashMap<>(file.model().aliases());
            aliases.forEach(alias -> moved.put(alias, version));
            // one file replacement: stages and aliases change together or not at all
            save(new ModelFile(file.id(), withAliases(file.model(), moved, file.model().lastUpdatedTimestamp()),
                    versions, file.lastVersion(), file.replays()));
            return target;
        }
    }

    @Override
    public void setVersionTag(String name, int version, String key, String value, long timestamp) {
        updateVersion(name, version, v -> {
            Map<String, String> tags = new HashMap<>(v.tags());
            tags.put(key, value);
            return withTags(v, tags, v.lastUpdatedTimestamp());
        });
    }

    @Override
    public void deleteVersionTag(String name, int version, String key, long timestamp) {
        updateVersion(name, version, v -> {
            Map<String, String> tags = new HashMap<>(v.tags());
            tags.remove(key);
            return withTags(v, tags, v.lastUpdatedTimestamp());
        });
    }

    @Override
    public Page<ModelVersion> searchVersions(VersionQuery query) {
        Comparator<ModelVersion> order = RegistryOrdering.versions(query.orderBy());
        List<ModelVersion> matching;
        synchronized (lock) {
            matching = byName.values().stream().flatMap(f -> f.versions().stream())
                    .filter(v -> RegistryMatcher.matches(query.filter(), v))
                    .sorted(order)
                    .toList();
        }
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    @Override
    public List<ModelVersion> versionsOf(String name) {
        synchronized (lock) {
            return existing(name).versions();
        }
    }

    // ---- helpers (callers hold the lock)

    private RegisteredModel updateModel(String name, UnaryOperator<RegisteredModel> change) {
        synchronized (lock) {
            ModelFile file = existing(name);
            RegisteredModel updated = change.apply(file.model());
            saveModel(file, updated);
            return updated;
        }
    }

    private ModelVersion updateVersion(String name, int version, UnaryOperator<ModelVersion> change) {
        synchronized (lock) {
            ModelFile file = existing(name);
            ModelVersion current = versionIn(file, name, version);
            ModelVersion updated = change.apply(current);
            List<ModelVersion> versions = file.versions().stream()
                    .map(v -> v.version() == version ? updated : v).toList();
            save(new ModelFile(file.id(), file.model(), versions, file.lastVersion(), file.replays()));
            return updated;
        }
    }

    private void saveModel(ModelFile file, RegisteredModel model) {
        save(new ModelFile(file.id(), model, file.versions(), file.lastVersion(), file.replays()));
    }

    private void save(ModelFile file) {
        JsonFiles.write(fileOf(file.id()), file);
        byName.put(file.model().name(), file);
    }

    private Path fileOf(String id) {
        return dir.resolve(id + ".json");
    }

    private ModelFile existing(String name) {
        ModelFile file = byName.get(name);
        if (file == null) {
            throw new ResourceNotFoundException("Registered Model with name=" + name + " not found");
        }
        return file;
    }

    private static ModelVersion versionIn(ModelFile file, String name, int version) {
        return file.versions().stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> versionNotFound(name, version));
    }

    /** MLflow's wording for a missing model version. */
    public static ResourceNotFoundException versionNotFound(String name, int version) {
        return new ResourceNotFoundException("Model Version (name=" + name + ", version=" + version + ") not found");
    }

    private static ResourceAlreadyExistsException alreadyExists(String name) {
        return new ResourceAlreadyExistsException("Registered Model (name=" + name + ") already exists.");
    }

    private static RegisteredModel withAliases(RegisteredModel m, Map<String, Integer> aliases, long timestamp) {
        return new RegisteredModel(m.name(), m.creationTimestamp(), timestamp, m.description(), m.tags(), aliases);
    }

    private static ModelVersion withName(ModelVersion v, String name) {
        return new ModelVersion(name, v.version(), v.creationTimestamp(), v.lastUpdatedTimestamp(), v.userId(),
                v.stage(), v.description(), v.source(), v.runId(), v.runLink(), v.status(), v.statusMessage(),
                v.tags(), v.modelId());
    }

    private static ModelVersion withStage(ModelVersion v, ModelStage stage, long timestamp) {
        return new ModelVersion(v.name(), v.version(), v.creationTimestamp(), timestamp, v.userId(), stage,
                v.description(), v.source(), v.runId(), v.runLink(), v.status(), v.statusMessage(), v.tags(),
                v.modelId());
    }

    private static ModelVersion withTags(ModelVersion v, Map<String, String> tags, long timestamp) {
        return new ModelVersion(v.name(), v.version(), v.creationTimestamp(), timestamp, v.userId(), v.stage(),
                v.description(), v.source(), v.runId(), v.runLink(), v.status(), v.statusMessage(), tags,
                v.modelId());
    }
}

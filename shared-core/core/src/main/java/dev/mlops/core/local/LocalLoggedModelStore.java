package dev.mlops.core.local;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.LoggedModelQuery;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.Page;
import dev.mlops.core.search.LoggedModelMatcher;
import dev.mlops.core.search.LoggedModelOrdering;
import dev.mlops.core.search.PageToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Logged models as one JSON file each under {@code meta/logged-models}, with an in-memory copy loaded at start. As in
 * {@link LocalMetadataStore}, a change reaches memory only after its file was written atomically, and each model has
 * its own lock, so an update is a plain read-modify-write. Ids arrive validated by the service; the store still
 * refuses any id that is not a plain file name.
 */
public final class LocalLoggedModelStore implements LoggedModelStore {

    private final Path dir;
    private final Map<String, LoggedModel> models = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public LocalLoggedModelStore(Path dataDir) {
        this.dir = dataDir.resolve("meta/logged-models");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
        reload();
    }

    /** Reads every model from disk again; a restore calls it while writes are fenced. */
    void reload() {
        java.util.Map<String, LoggedModel> loaded = new java.util.HashMap<>();
        JsonFiles.readAll(dir, LoggedModel.class).forEach(m -> loaded.put(m.modelId(), m));
        models.keySet().retainAll(loaded.keySet());
        models.putAll(loaded);
    }

    @Override
    public boolean insert(LoggedModel model) {
        synchronized (lockFor(model.modelId())) {
            if (models.containsKey(model.modelId())) {
                return false;
            }
            save(model);
            return true;
        }
    }

    @Override
    public Optional<LoggedModel> get(String modelId) {
        return Optional.ofNullable(models.get(modelId));
    }

    @Override
    public LoggedModel update(String modelId, UnaryOperator<LoggedModel> change) {
        synchronized (lockFor(modelId)) {
            LoggedModel current = models.get(modelId);
            if (current == null) {
                throw new ResourceNotFoundException("Logged model with ID '" + modelId + "' not found.");
            }
            LoggedModel changed = change.apply(current);
            if (!changed.modelId().equals(modelId) || !changed.experimentId().equals(current.experimentId())) {
                throw new IllegalArgumentException("An update must keep the model and experiment ids");
            }
            save(changed);
            return changed;
        }
    }

    @Override
    public Page<LoggedModel> search(LoggedModelQuery query) {
        Set<String> experiments = new HashSet<>(query.experimentIds());
        List<LoggedModel> matching = models.values().stream()
                .filter(m -> experiments.contains(m.experimentId()))
                .filter(m -> m.lifecycleStage() == LifecycleStage.ACTIVE)
                .filter(m -> LoggedModelMatcher.matches(query.filter(), query.datasets(), m))
                .sorted(LoggedModelOrdering.comparator(query.orderBy()))
                .toList();
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    private void save(LoggedModel model) {
        if (!model.modelId().matches("[A-Za-z0-9][\\w\\-]*")) {
            throw new IllegalArgumentException("Not a storable model id: " + model.modelId());
        }
        JsonFiles.write(dir.resolve(model.modelId() + ".json"), model);
        models.put(model.modelId(), model);
    }

    private Object lockFor(String modelId) {
        return locks.computeIfAbsent(modelId, k -> new Object());
    }
}

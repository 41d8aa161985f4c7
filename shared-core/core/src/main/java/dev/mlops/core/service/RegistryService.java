package dev.mlops.core.service;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.ArtifactStore;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.port.VersionQuery;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.search.RegistryOrdering;
import dev.mlops.core.search.SearchFilterParser;
import dev.mlops.core.service.RegistryViews.ModelPage;
import dev.mlops.core.service.RegistryViews.ModelView;
import dev.mlops.core.service.RegistryViews.VersionPage;
import dev.mlops.core.service.RegistryViews.VersionView;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * MLflow's model registry rules over the ports: validate, make one atomic store call, then announce an event.
 * Nothing is written when validation or a pre-hook (promotion gate) fails. Versions are taken and returned as MLflow's wire
 * strings ("3"); tags under {@code mlops.} are the registry's own (see {@link VersionSeeds}).
 */
public final class RegistryService {

    public static final int SEARCH_MODELS_DEFAULT = 100;
    public static final int SEARCH_MODELS_MAX = 1000;
    public static final int SEARCH_VERSIONS_DEFAULT = 10_000;
    public static final int SEARCH_VERSIONS_MAX = 200_000;
    /** An explicit Idempotency-Key names one intent; it is honoured for a day. */
    public static final Duration KEY_WINDOW = Duration.ofHours(24);

    private final RegistryStore registry;
    private final VersionSources sources;
    private final SourceValidation sourceRules;
    private final LoggedModelStore loggedModels;
    private final EventPublisher events;
    private final PreHooks hooks;
    private final InstantSource clock;

    /**
     * @param artifactRootUri the backend's artifact root ({@link dev.mlops.core.port.Backend#artifactRootUri()}),
     *                        so run artifact sources can be read and checksummed
     */
    public RegistryService(RegistryStore registry, MetadataStore metadata, LoggedModelStore loggedModels,
                           ArtifactStore artifacts, String artifactRootUri, EventPublisher events,
                           PreHooks hooks, InstantSource clock) {
        this(registry, metadata, loggedModels, artifacts, artifactRootUri, events, hooks, clock,
                ArtifactUris.DEFAULT);
    }

    /** @param uris the server's rules for client-supplied artifact URIs (allowed host-addressed schemes) */
    public RegistryService(RegistryStore registry, MetadataStore metadata, LoggedModelStore loggedModels,
                           ArtifactStore artifacts, String artifactRootUri, EventPublisher events,
                           PreHooks hooks, InstantSource clock, ArtifactUris uris) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sources = new VersionSources(metadata, loggedModels, registry, artifacts, artifactRootUri);
        this.sourceRules = new SourceValidation(metadata, loggedModels, registry, uris);
        this.loggedModels = loggedModels;
        this.events = events;
        this.hooks = hooks == null ? PreHooks.NONE : hooks;
        this.clock = clock;
    }

    // ---- registered models

    public ModelView createRegisteredModel(String name, List<Tag> tags, String description) {
        RegistryValidation.modelName(name);
        Map<String, String> tagMap = new HashMap<>();
        for (Tag tag : tags == null ? List.<Tag>of() : tags) {
            tagMap.put(tag.key(), RegistryValidation.userTag("Registered model", tag.key(), tag.value()));
        }
        long now = now();
        RegisteredModel created = registry.createModel(
                new RegisteredModel(name, now, now, description, tagMap, Map.of()));
        announce(new DomainEvent.RegisteredModelCreated(name, tagMap, description, now));
        return new ModelView(created, List.of());
    }

    public ModelView getRegisteredModel(String name) {
        return view(model(name));
    }

    public ModelView renameRegisteredModel(String name, String newName) {
        RegistryValidation.modelName(name);
        RegistryValidation.modelName(newName);
        return view(registry.renameModel(name, newName, now()));
    }

    public ModelView updateRegisteredModel(String name, String description) {
        RegistryValidation.modelName(name);
        return view(registry.updateModelDescription(name, description, now()));
    }

    public void deleteRegisteredModel(String name) {
        RegistryValidation.modelName(name);
        if (hooks.guards(PreHooks.Operation.DELETE_MODEL)) {
            RegisteredModel model = model(name);
            hooks.checkDeleteModel(model, registry.versionsOf(name))
                    .ifPresent(rejection -> reject(name, 0, rejection));
        }
        registry.deleteModel(name);
    }

    public ModelPage searchRegisteredModels(String filter, Integer maxResults, List<String> orderBy,
                                            String pageToken) {
        List<String> order = orderBy == null ? List.of() : orderBy;
        RegistryOrdering.models(order);
        ModelQuery query = new ModelQuery(SearchFilterParser.parseModelFilter(filter), order,
                Validation.maxResults(maxResults, SEARCH_MODELS_DEFAULT, SEARCH_MODELS_MAX), checkedToken(pageToken));
        Page<RegisteredModel> page = registry.searchModels(query);
        return new ModelPage(page.items().stream().map(this::view).toList(), page.nextPageToken());
    }

    /** The highest version in each requested stage (all stages when none are named), in stage order. */
    public List<VersionView> getLatestVersions(String name, List<String> stages) {
        RegisteredModel model = model(name);
        Set<ModelStage> wanted = new LinkedHashSet<>();
        for (String stage : stages == null ? List.<String>of() : stages) {
            wanted.add(ModelStage.parse(stage));
        }
        return latest(model, registry.versionsOf(name), wanted);
    }

    public void setRegisteredModelTag(String name, String key, String value) {
        RegistryValidation.modelName(name);
        String checked = RegistryValidation.userTag("Registered model", key, value);
        registry.setModelTag(name, key, checked, now());
    }

    public void deleteRegisteredModelTag(String name, String key) {
        RegistryValidation.modelName(name);
        RegistryValidation.userTagKey(key);
        registry.deleteModelTag(name, key, now());
    }

    // ---- aliases

    /** Points the alias at the version, after the alias gates ({@code alias:<name>}, {@code alias:*}) pass. */
    public void setAlias(String name, String alias, String version) {
        RegistryValidation.modelName(name);
        RegistryValidation.alias(alias);
        ModelVersion target = version(name, version);
        hooks.checkAlias(target, alias).ifPresent(rejection -> reject(target, rejection));
        long now = now();
        registry.setAlias(name, alias, target.version(), now);
        announce(new DomainEvent.ModelAliasSet(name, alias, target.version(), now));
    }

    public void deleteAlias(String name, String alias) {
        RegistryValidation.modelName(name);
        RegistryValidation.alias(alias);
        long now = now();
        registry.deleteAlias(name, alias, now);
        announce(new DomainEvent.ModelAliasDeleted(name, alias, now));
    }

    public VersionView getModelVersionByAlias(String name, String alias) {
        RegisteredModel model = model(name);
        Integer number = model.aliases().get(alias);
        if (number == null) {
            throw new ResourceNotFoundException("Registered model alias " + alias + " not found.");
        }
        return view(model, registry.getVersion(name, number)
                .orElseThrow(() -> versionNotFound(name, number)));
    }

    // ---- model versions

    /**
     * Registers a version. Every call gets a new number, as in MLflow, unless the request carries an
     * Idempotency-Key: a retry with the same key within {@link #KEY_WINDOW} returns the first version.
     *
     * <p>The source is accepted or refused by MLflow 3.17's rules ({@link SourceValidation}); whether its files
     * can be read is no condition. Seeding: the source run's params and latest metrics, the framework (MLmodel
     * flavors, else the caller's {@code mlops.framework} tag), the artifact type, the checksum of the source's files
     * and {@code mlops.integrity} become reserved tags ({@link VersionSources}). The version is stored
     * PENDING_REGISTRATION with them, then set READY. A version registered from a logged model is listed in that
     * model's {@code mlflow.modelVersions} tag, as MLflow's server does.
     */
    public VersionView createModelVersion(NewVersionRequest request) {
        String name = RegistryValidation.modelName(request.name());
        Validation.required("source", request.source());
        Map<String, String> userTags = new HashMap<>();
        for (Tag tag : request.tags()) {
            String value = VersionSeeds.FRAMEWORK.equals(tag.key())
                    ? checkedFrameworkTag(tag.value())
                    : RegistryValidation.userTag("Model version", tag.key(), tag.value());
            userTags.put(tag.key(), value);
        }
        model(name);
        SourceValidation.Resolved resolved = sourceRules.check(request.source(), request.runId(),
                request.modelId());
        String runId = sources.runIdOf(resolved.source(), resolved.runId(), resolved.modelId());
        String modelId = resolved.modelId() == null || resolved.modelId().isEmpty() ? null : resolved.modelId();
        if (modelId != null && (!Validation.isRunId(modelId) || loggedModels.get(modelId).isEmpty())) {
            throw new ResourceNotFoundException("Logged model with ID '" + modelId + "' not found.");
        }

        VersionSeeds seeds = sources.seed(resolved.source(), runId, userTags);
        Map<String, String> tags = new HashMap<>(userTags);
        tags.putAll(seeds.tags());
        long now = now();
        boolean explicitKey = request.idempotencyKey() != null && !request.idempotencyKey().isBlank();
        String key = explicitKey ? "key:" + request.idempotencyKey() : null;
        long until = explicitKey ? now + KEY_WINDOW.toMillis() : 0;
        if (hooks.guards(PreHooks.Operation.CREATE_VERSION)) {
            ModelVersion candidate = new ModelVersion(name, 0, now, now, request.userId(), ModelStage.NONE,
                    request.description(), resolved.source(), runId, request.runLink(),
                    VersionStatus.PENDING_REGISTRATION, null, tags, modelId);
            hooks.checkCreateVersion(candidate).ifPresent(rejection -> reject(name, 0, rejection));
        }

        ModelVersion stored = registry.createVersion(new NewModelVersion(name, resolved.source(), runId,
                request.runLink(), request.description(), request.userId(), tags, modelId,
                VersionStatus.PENDING_REGISTRATION, null, now, key, until));
        if (stored.status() != VersionStatus.PENDING_REGISTRATION) {
            return view(stored);
        }
        ModelVersion done = registry.updateVersion(new ModelVersion(stored.name(), stored.version(),
                stored.creationTimestamp(), now(), stored.userId(), stored.stage(), stored.description(),
                stored.source(), stored.runId(), stored.runLink(), seeds.status(), seeds.statusMessage(),
                stored.tags(), stored.modelId()));
        if (modelId != null) {
            LoggedModelVersions.record(loggedModels, modelId, name, done.version(), now());
        }
        announce(new DomainEvent.ModelVersionCreated(name, done.version(), done.source(), done.runId(), userTags,
                request.description(), now()));
        return view(done);
    }

    public VersionView getModelVersion(String name, String version) {
        return view(version(name, version));
    }

    public VersionView updateModelVersion(String name, String version, String description) {
        ModelVersion v = version(name, version);
        return view(registry.updateVersion(new ModelVersion(v.name(), v.version(), v.creationTimestamp(), now(),
                v.userId(), v.stage(), description, v.source(), v.runId(), v.runLink(), v.status(),
                v.statusMessage(), v.tags(), v.modelId())));
    }

    public void deleteModelVersion(String name, String version) {
        RegistryValidation.modelName(name);
        int number = RegistryValidation.version(version);
        if (hooks.guards(PreHooks.Operation.DELETE_VERSION)) {
            ModelVersion current = version(name, version);
            hooks.checkDeleteVersion(current).ifPresent(rejection -> reject(name, number, rejection));
        }
        registry.deleteVersion(name, number);
    }

    public VersionPage searchModelVersions(String filter, Integer maxResults, List<String> orderBy,
                                           String pageToken) {
        List<String> order = orderBy == null ? List.of() : orderBy;
        RegistryOrdering.versions(order);
        VersionQuery query = new VersionQuery(SearchFilterParser.parseModelVersionFilter(filter), order,
                Validation.maxResults(maxResults, SEARCH_VERSIONS_DEFAULT, SEARCH_VERSIONS_MAX),
                checkedToken(pageToken));
        Page<ModelVersion> page = registry.searchVersions(query);
        Map<String, RegisteredModel> models = new HashMap<>();
        List<VersionView> views = new ArrayList<>();
        for (ModelVersion v : page.items()) {
            RegisteredModel model = models.computeIfAbsent(v.name(), n -> registry.getModel(n).orElse(null));
            views.add(model == null ? new VersionView(v, List.of()) : view(model, v));
        }
        return new VersionPage(views, page.nextPageToken());
    }

    /**
     * Moves a version to a stage once the stage's gates pass. With {@code archiveExisting} (Staging and Production
     * only) the versions already in that stage are archived in the same atomic step.
     */
    public VersionView transitionModelVersionStage(String name, String version, String stage,
                                                   boolean archiveExisting) {
        Validation.required("stage", stage);
        ModelStage target = ModelStage.parse(stage);
        if (archiveExisting && target != ModelStage.STAGING && target != ModelStage.PRODUCTION) {
            throw new InvalidParameterException("Model version transition cannot archive existing model versions "
                    + "because '" + target.wire() + "' is not an Active stage. Valid stages are Staging, Production");
        }
        ModelVersion current = version(name, version);
        hooks.checkStage(current, target).ifPresent(rejection -> reject(current, rejection));
        List<Integer> before = registry.versionsOf(name).stream()
                .filter(v -> v.stage() == target && v.version() != current.version())
                .map(ModelVersion::version).toList();
        long now = now();
        ModelVersion moved = registry.transitionStage(name, current.version(), target, archiveExisting, now);
        List<Integer> archived = archiveExisting
                ? registry.versionsOf(name).stream()
                        .filter(v -> v.stage() == ModelStage.ARCHIVED && before.contains(v.version()))
                        .map(ModelVersion::version).toList()
                : List.of();
        announce(new DomainEvent.ModelVersionStageChanged(name, moved.version(), current.stage().wire(),
                target.wire(), archived, now));
        return view(moved);
    }

    public String getModelVersionDownloadUri(String name, String version) {
        return sources.downloadUri(version(name, version));
    }

    public void setModelVersionTag(String name, String version, String key, String value) {
        String checked = RegistryValidation.userTag("Model version", key, value);
        ModelVersion v = version(name, version);
        long now = now();
        registry.setVersionTag(name, v.version(), key, checked, now);
        announce(new DomainEvent.ModelVersionTagSet(name, v.version(), key, checked, now));
    }

    public void deleteModelVersionTag(String name, String version, String key) {
        RegistryValidation.userTagKey(key);
        ModelVersion v = version(name, version);
        long now = now();
        registry.deleteVersionTag(name, v.version(), key, now);
        announce(new DomainEvent.ModelVersionTagDeleted(name, v.version(), key, now));
    }

    // ---- helpers

    private RegisteredModel model(String name) {
        RegistryValidation.modelName(name);
        return registry.getModel(name).orElseThrow(() -> new ResourceNotFoundException(
                "Registered Model with name=" + name + " not found"));
    }

    private ModelVersion version(String name, String version) {
        RegistryValidation.modelName(name);
        int number = RegistryValidation.version(version);
        return registry.getVersion(name, number).orElseThrow(() -> versionNotFound(name, number));
    }

    private static ResourceNotFoundException versionNotFound(String name, int version) {
        return new ResourceNotFoundException("Model Version (name=" + name + ", version=" + version + ") not found");
    }

    private ModelView view(RegisteredModel model) {
        return new ModelView(model, latest(model, registry.versionsOf(model.name()), Set.of()));
    }

    private VersionView view(ModelVersion version) {
        return registry.getModel(version.name()).map(m -> view(m, version))
                .orElse(new VersionView(version, List.of()));
    }

    private static VersionView view(RegisteredModel model, ModelVersion version) {
        List<String> aliases = new TreeMap<>(model.aliases()).entrySet().stream()
                .filter(e -> e.getValue() == version.version())
                .map(Map.Entry::getKey).toList();
        return new VersionView(version, aliases);
    }

    private static List<VersionView> latest(RegisteredModel model, List<ModelVersion> versions,
                                            Set<ModelStage> stages) {
        Map<ModelStage, ModelVersion> latest = new EnumMap<>(ModelStage.class);
        for (ModelVersion v : versions) {
            if (stages.isEmpty() || stages.contains(v.stage())) {
                latest.merge(v.stage(), v, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        return latest.values().stream().map(v -> view(model, v)).toList();
    }

    /** A refused promotion (stage or alias): PromotionRejected as before, and OperationRejected like any refusal. */
    private void reject(ModelVersion version, PreHooks.Rejection rejection) {
        PreHooks.Rule rule = rejection.rule();
        events.publish(new DomainEvent.PromotionRejected(version.name(), version.version(), rejection.target(),
                rule.target() + ": " + rule.condition(), rejection.reason(), now()));
        reject(version.name(), version.version(), rejection);
    }

    /** Announces OperationRejected and refuses with a 400 naming the rule; nothing was written. */
    private void reject(String name, int version, PreHooks.Rejection rejection) {
        PreHooks.Rule rule = rejection.rule();
        announce(new DomainEvent.OperationRejected(rule.operation().wire(), name, version, rejection.target(),
                rule.target() + ": " + rule.condition(), rejection.reason(), now()));
        throw new InvalidParameterException(rejection.reason());
    }

    private static String checkedFrameworkTag(String value) {
        String text = value == null ? "" : value;
        if (text.length() > RegistryValidation.MAX_TAG_VALUE_LENGTH) {
            throw new InvalidParameterException("Model version value for '" + VersionSeeds.FRAMEWORK
                    + "' exceeded length limit of " + RegistryValidation.MAX_TAG_VALUE_LENGTH);
        }
        return text;
    }

    private static String checkedToken(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        PageToken.decode(token);
        return token;
    }

    /** Events go out before the call returns: a Lambda may freeze right after its answer. */
    private void announce(DomainEvent event) {
        events.publish(event);
        events.flush();
    }

    private long now() {
        return clock.millis();
    }
}

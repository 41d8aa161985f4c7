package dev.mlops.core.service;

import dev.mlops.core.domain.ContentId;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.LoggedModelStatus;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.LoggedModelQuery;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.Page;
import dev.mlops.core.search.DatasetRef;
import dev.mlops.core.search.LoggedModelOrder;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.search.SearchFilterParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * MLflow 3 logged models: a model record created PENDING before its files are uploaded to
 * {@code <experiment location>/models/<model id>/artifacts}, then finalized READY (or UPLOAD_FAILED).
 *
 * <p>Retries. The client retries POSTs, and create carries nothing that tells a retry from a second, identical
 * {@code log_model} call (no timestamp, no request id). Deriving the id from the request would merge two genuine
 * models into one artifact location, which corrupts data; a random id makes a retried create leave at most one
 * orphan PENDING model with no files, which MLflow's own server does too. So ids are random unless the caller sends
 * an idempotency key, from which the id is derived and the retry finds the first attempt's model.
 */
public final class LoggedModelService {

    public static final int SEARCH_DEFAULT = 100;
    public static final int SEARCH_MAX = 10_000;
    public static final int MAX_PARAMS_PER_REQUEST = 100;
    public static final int MAX_TAGS_PER_REQUEST = 100;
    /** MLflow's forbidden characters: a name becomes part of {@code runs:/<run>/<name>} URIs. */
    private static final String BAD_NAME_CHARS = "/:.%\"'";
    private static final Pattern MODEL_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");

    private final MetadataStore metadata;
    private final LoggedModelStore store;
    private final InstantSource clock;

    public LoggedModelService(MetadataStore metadata, LoggedModelStore store, InstantSource clock) {
        this.metadata = metadata;
        this.store = store;
        this.clock = clock;
    }

    /** What create-logged-model carries; every field but the experiment id is optional. */
    public record NewLoggedModel(String experimentId, String name, String modelType, String sourceRunId,
                                 List<Tag> tags, List<Param> params) {
    }

    public LoggedModel create(NewLoggedModel request, String requestKey) {
        Validation.experimentId(request.experimentId());
        String name = modelName(request.name());
        if (request.sourceRunId() != null && !request.sourceRunId().isEmpty()) {
            Validation.runId(request.sourceRunId());
        }
        Map<String, String> tags = tags(request.tags());
        Map<String, String> params = params(request.params());
        Experiment experiment = activeExperiment(request.experimentId());

        String modelId = modelId(requestKey, request.experimentId());
        long now = clock.millis();
        LoggedModel model = new LoggedModel(modelId, experiment.experimentId(),
                name == null ? RunNames.forRunId(modelId) : name,
                joinUri(experiment.artifactLocation(), "models/" + modelId + "/artifacts"), now, now,
                blankToNull(request.modelType()), blankToNull(request.sourceRunId()), LoggedModelStatus.PENDING,
                null, LifecycleStage.ACTIVE, tags, params);
        if (!store.insert(model)) {
            return get(modelId, false);
        }
        return model;
    }

    /** The model; a deleted one only when {@code allowDeleted}. */
    public LoggedModel get(String modelId, boolean allowDeleted) {
        checkId(modelId);
        return store.get(modelId)
                .filter(m -> allowDeleted || m.lifecycleStage() == LifecycleStage.ACTIVE)
                .orElseThrow(() -> notFound(modelId));
    }

    public LoggedModel finalizeModel(String modelId, LoggedModelStatus status) {
        Validation.required("status", status);
        return change(modelId, m -> m.withStatus(status, m.statusMessage(), clock.millis()));
    }

    public LoggedModel setTags(String modelId, List<Tag> tags) {
        Map<String, String> checked = tags(tags);
        return change(modelId, m -> {
            Map<String, String> merged = new LinkedHashMap<>(m.tags());
            merged.putAll(checked);
            return m.withTags(merged, clock.millis());
        });
    }

    public void deleteTag(String modelId, String key) {
        Validation.key("tag", key);
        change(modelId, m -> {
            if (!m.tags().containsKey(key)) {
                throw new ResourceNotFoundException(
                        "No tag with key '" + key + "' found for model with ID '" + modelId + "'.");
            }
            Map<String, String> rest = new LinkedHashMap<>(m.tags());
            rest.remove(key);
            return m.withTags(rest, clock.millis());
        });
    }

    /** Params are immutable, as for runs: the same value again is fine, another value is refused. */
    public void logParams(String modelId, List<Param> params) {
        Map<String, String> checked = params(params);
        change(modelId, m -> {
            checked.forEach((key, value) -> {
                String stored = m.params().get(key);
                if (stored != null && !stored.equals(value)) {
                    throw new InvalidParameterException(("Changing param values is not allowed. Param with "
                            + "key='%s' was already logged with value='%s' for logged model ID='%s'. Attempted "
                            + "logging new value '%s'.").formatted(key, stored, modelId, value));
                }
            });
            Map<String, String> merged = new LinkedHashMap<>(m.params());
            merged.putAll(checked);
            return m.withParams(merged, clock.millis());
        });
    }

    /** Soft delete: the record stays (get with allow_deleted finds it), searches skip it; files are kept. */
    public void delete(String modelId) {
        change(modelId, m -> m.withLifecycle(LifecycleStage.DELETED, clock.millis()));
    }

    /**
     * Active models of the experiments matching the filter; with {@code datasets}, only models with metrics logged
     * for one of them (each needs a name; the digest is optional).
     */
    public Page<LoggedModel> search(List<String> experimentIds, String filter, List<DatasetRef> datasets,
                                    List<LoggedModelOrder> orderBy, Integer maxResults, String pageToken) {
        if (experimentIds == null || experimentIds.isEmpty()) {
            throw new InvalidParameterException("Missing value for required parameter 'experiment_ids'.");
        }
        List<DatasetRef> datasetList = datasets == null ? List.of() : datasets;
        if (datasetList.stream().anyMatch(d -> d.name() == null || d.name().isEmpty())) {
            throw new InvalidParameterException("`dataset_name` in the `datasets` clause must be specified.");
        }
        experimentIds.forEach(Validation::experimentId);
        if (pageToken != null && !pageToken.isEmpty()) {
            PageToken.decode(pageToken);
        }
        return store.search(new LoggedModelQuery(experimentIds.stream().distinct().toList(),
                SearchFilterParser.parseLoggedModelFilter(filter), datasetList,
                orderBy == null ? List.of() : orderBy,
                Validation.maxResults(maxResults, SEARCH_DEFAULT, SEARCH_MAX),
                pageToken == null || pageToken.isEmpty() ? null : pageToken));
    }

    /**
     * Records the models a run produced (runs/outputs): the run must be active and every model must exist. They come
     * back as the run's {@code outputs.model_outputs}; {@code register_model("runs:/<run>/<name>")} uses their
     * steps to pick the run's latest model of that name.
     */
    public void logOutputs(String runId, List<ModelOutput> outputs) {
        Validation.runId(runId);
        Run run = metadata.getRun(runId).orElseThrow(() -> new ResourceNotFoundException(
                "Run with id=" + runId + " not found"));
        if (run.info().lifecycleStage() != LifecycleStage.ACTIVE) {
            throw new InvalidParameterException("The run " + runId + " must be in the 'active' state. Current state "
                    + "is " + run.info().lifecycleStage().wire() + ".");
        }
        List<ModelOutput> list = outputs == null ? List.of() : outputs;
        for (ModelOutput output : list) {
            get(Validation.required("models.model_id", output.modelId()), false);
        }
        if (!list.isEmpty()) {
            metadata.addRunOutputs(runId, list);
        }
    }

    // ---- helpers

    private LoggedModel change(String modelId, java.util.function.UnaryOperator<LoggedModel> change) {
        checkId(modelId);
        return store.update(modelId, current -> {
            if (current.lifecycleStage() != LifecycleStage.ACTIVE) {
                throw notFound(modelId);
            }
            return change.apply(current);
        });
    }

    private Experiment activeExperiment(String experimentId) {
        Experiment experiment = metadata.getExperiment(experimentId).orElseThrow(() -> new ResourceNotFoundException(
                "No Experiment with id=" + experimentId + " exists"));
        if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw new InvalidParameterException("The experiment " + experimentId + " must be in the 'active' state. "
                    + "Current state is " + experiment.lifecycleStage().wire() + ".");
        }
        return experiment;
    }

    private static String modelName(String name) {
        if (name == null) {
            return null;
        }
        if (name.isEmpty() || name.chars().anyMatch(c -> BAD_NAME_CHARS.indexOf(c) >= 0)
                || name.length() > Validation.MAX_RUN_NAME_LENGTH) {
            throw new InvalidParameterException("Invalid model name ('" + name + "') provided. Model name must be a "
                    + "non-empty string of at most " + Validation.MAX_RUN_NAME_LENGTH + " characters and cannot "
                    + "contain the following characters: / : . % \" '");
        }
        return name;
    }

    private static Map<String, String> tags(List<Tag> tags) {
        List<Tag> list = tags == null ? List.of() : tags;
        if (list.size() > MAX_TAGS_PER_REQUEST) {
            throw new InvalidParameterException("A request can set at most " + MAX_TAGS_PER_REQUEST
                    + " tags on a logged model; got " + list.size() + ".");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Tag tag : list) {
            Validation.key("tag", tag.key());
            map.put(tag.key(), Validation.runTagValue(tag.key(), tag.value()));
        }
        return map;
    }

    private static Map<String, String> params(List<Param> params) {
        List<Param> list = params == null ? List.of() : params;
        if (list.size() > MAX_PARAMS_PER_REQUEST) {
            throw new InvalidParameterException("A request can log at most " + MAX_PARAMS_PER_REQUEST
                    + " params on a logged model (the client sends batches of 100); got " + list.size() + ".");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Param param : list) {
            Validation.key("param", param.key());
            String value = Validation.paramValue(param.key(), param.value());
            String earlier = map.putIfAbsent(param.key(), value);
            if (earlier != null && !earlier.equals(value)) {
                throw new InvalidParameterException("Duplicate parameter keys have been submitted with different "
                        + "values: '" + param.key() + "'.");
            }
        }
        return map;
    }

    /** MLflow's shape, {@code m-<32 hex>}: random, or derived from a client idempotency key. */
    static String modelId(String requestKey, String experimentId) {
        if (requestKey == null || requestKey.isBlank()) {
            return "m-" + UUID.randomUUID().toString().replace("-", "");
        }
        MessageDigest sha = ContentId.sha256();
        for (String part : new String[] {"logged-model", requestKey, experimentId}) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
        }
        return "m-" + ContentId.of(sha);
    }

    private static void checkId(String modelId) {
        String id = Validation.required("model_id", modelId);
        if (!MODEL_ID.matcher(id).matches()) {
            throw new InvalidParameterException("Invalid value " + id + " for parameter 'model_id' supplied.");
        }
    }

    private static ResourceNotFoundException notFound(String modelId) {
        return new ResourceNotFoundException("Logged model with ID '" + modelId + "' not found.");
    }

    private static String joinUri(String base, String child) {
        return base.endsWith("/") ? base + child : base + "/" + child;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

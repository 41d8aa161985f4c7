package dev.mlops.core.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * An MLflow 3 logged model: a model's own record, with its artifacts at {@code artifactLocation} (below its
 * experiment's location, {@code <experiment location>/models/<model id>/artifacts}), independent of any run.
 * {@code sourceRunId} and {@code modelType} may be null. Deleting is soft, as for runs. Tags and params are kept
 * sorted by key so that stored and returned records read the same.
 */
public record LoggedModel(
        String modelId,
        String experimentId,
        String name,
        String artifactLocation,
        long creationTimestamp,
        long lastUpdatedTimestamp,
        String modelType,
        String sourceRunId,
        LoggedModelStatus status,
        String statusMessage,
        LifecycleStage lifecycleStage,
        Map<String, String> tags,
        Map<String, String> params) {

    public LoggedModel {
        tags = sorted(tags);
        params = sorted(params);
    }

    public LoggedModel withStatus(LoggedModelStatus newStatus, String message, long now) {
        return new LoggedModel(modelId, experimentId, name, artifactLocation, creationTimestamp, now, modelType,
                sourceRunId, newStatus, message, lifecycleStage, tags, params);
    }

    public LoggedModel withLifecycle(LifecycleStage stage, long now) {
        return new LoggedModel(modelId, experimentId, name, artifactLocation, creationTimestamp, now, modelType,
                sourceRunId, status, statusMessage, stage, tags, params);
    }

    public LoggedModel withTags(Map<String, String> newTags, long now) {
        return new LoggedModel(modelId, experimentId, name, artifactLocation, creationTimestamp, now, modelType,
                sourceRunId, status, statusMessage, lifecycleStage, newTags, params);
    }

    public LoggedModel withParams(Map<String, String> newParams, long now) {
        return new LoggedModel(modelId, experimentId, name, artifactLocation, creationTimestamp, now, modelType,
                sourceRunId, status, statusMessage, lifecycleStage, tags, newParams);
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(map));
    }
}

package dev.mlops.core.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An MLflow 3 logged model: a model's own record, with its artifacts at {@code artifactLocation} (below its
 * experiment's location, {@code <experiment location>/models/<model id>/artifacts}), independent of any run.
 * {@code sourceRunId} and {@code modelType} may be null. Deleting is soft, as for runs. Tags and params are kept
 * sorted by key so that stored and returned records read the same. {@code metrics} are the values runs logged
 * against the model, the latest per key, run and dataset, in the order their series first appeared.
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
        Map<String, String> params,
        List<ModelMetric> metrics) {

    public LoggedModel {
        tags = sorted(tags);
        params = sorted(params);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    /** A model no run has logged metrics against yet. */
    public LoggedModel(String modelId, String experimentId, String name, String artifactLocation,
                       long creationTimestamp, long lastUpdatedTimestamp, String modelType, String sourceRunId,
                       LoggedModelStatus status, String statusMessage, LifecycleStage lifecycleStage,
                       Map<String, String> tags, Map<String, String> params) {
        this(modelId, experimentId, name, artifactLocation, creationTimestamp, lastUpdatedTimestamp, modelType,
                sourceRunId, status, statusMessage, lifecycleStage, tags, params, List.of());
    }

    public LoggedModel withStatus(LoggedModelStatus newStatus, String message, long now) {
        return new LoggedModel(modelId, experimentId, name, artifactLocation, creationTimestamp, now, modelType,
                sourceRunId, newStatus, message, lifecycleStage, tags, params, metrics);
    }

    public LoggedModel withLifecycle(LifecycleStage stage, long now) {
        return new LoggedModel(modelId, experimentId, name, artifactLocation, creationTimestamp, now, modelType,
                sourceRunId, status, statusMessage, stage, tags, params, metrics);
    }

    public LoggedModel withTags(Map<String, String> newTags, long now) {
        return new LoggedModel(modelId, experimentId, name, artifactLocation, creationTimestamp, now, modelType,
                sourceRunId, status, statusMessage, lifecycleStage, newTags, params, metrics);
    }

    public LoggedModel withParams(Map<String, String> newParams, long now) {
        return new LoggedModel(modelId, experimentId, name, artifactLocation, creationTimestamp, now, modelType,
                sourceRunId, status, statusMessage, lifecycleStage, tags, newParams, metrics);
    }

    /** Adds each value to its series, replacing an older value of the same key, run and dataset. */
    public LoggedModel withMetrics(List<ModelMetric> logged, long now) {
        List<ModelMetric> merged = new java.util.ArrayList<>(metrics);
        for (ModelMetric metric : logged) {
            int at = -1;
            for (int i = 0; i < merged.size() && at < 0; i++) {
                at = merged.get(i).sameSeries(metric) ? i : -1;
            }
            if (at < 0) {
                merged.add(metric);
            } else if (metric.point().isNewerThan(merged.get(at).point())) {
                merged.set(at, metric);
            }
        }
        return new LoggedModel(modelId, experimentId, name, artifactLocation, creationTimestamp, now, modelType,
                sourceRunId, status, statusMessage, lifecycleStage, tags, params, merged);
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(map));
    }
}

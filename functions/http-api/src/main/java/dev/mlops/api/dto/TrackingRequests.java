package dev.mlops.api.dto;

import java.util.List;

/**
 * Request bodies of the tracking API, named as in MLflow's service.proto; JSON field names are the snake_case of
 * the component names. The deprecated {@code run_uuid} is accepted wherever {@code run_id} is.
 */
public final class TrackingRequests {

    private TrackingRequests() {
    }

    public record KeyValue(String key, String value) {
    }

    public record CreateExperiment(String name, String artifactLocation, List<KeyValue> tags) {
    }

    public record ExperimentRef(String experimentId) {
    }

    public record UpdateExperiment(String experimentId, String newName) {
    }

    public record SetExperimentTag(String experimentId, String key, String value) {
    }

    public record DeleteExperimentTag(String experimentId, String key) {
    }

    public record SearchExperiments(Integer maxResults, String pageToken, String filter, List<String> orderBy,
                                    String viewType) {
    }

    public record SearchDatasets(List<String> experimentIds) {
    }

    public record CreateRun(String experimentId, String userId, String runName, Long startTime,
                            List<KeyValue> tags) {
    }

    public record UpdateRun(String runId, String runUuid, String status, Long endTime, String runName)
            implements RunScoped {
    }

    public record RunRef(String runId, String runUuid) implements RunScoped {
    }

    public record SearchRuns(List<String> experimentIds, String filter, String runViewType, Integer maxResults,
                             List<String> orderBy, String pageToken) {
    }

    /** {@code model_id} (and the dataset) when the value is logged against an MLflow 3 logged model too. */
    public record Metric(String key, Double value, Long timestamp, Long step, String modelId, String datasetName,
                         String datasetDigest) {
    }

    public record LogMetric(String runId, String runUuid, String key, Double value, Long timestamp, Long step,
                            String modelId, String datasetName, String datasetDigest) implements RunScoped {
    }

    public record LogParam(String runId, String runUuid, String key, String value) implements RunScoped {
    }

    public record SetTag(String runId, String runUuid, String key, String value) implements RunScoped {
    }

    public record DeleteTag(String runId, String runUuid, String key) implements RunScoped {
    }

    public record LogBatch(String runId, String runUuid, List<Metric> metrics, List<KeyValue> params,
                           List<KeyValue> tags) implements RunScoped {
    }

    public record Dataset(String name, String digest, String sourceType, String source, String schema,
                          String profile) {
    }

    public record DatasetInput(List<KeyValue> tags, Dataset dataset) {
    }

    public record ModelInput(String modelId) {
    }

    public record LogInputs(String runId, String runUuid, List<DatasetInput> datasets, List<ModelInput> models)
            implements RunScoped {
    }

    /** Requests that name a run by {@code run_id}, or by the deprecated {@code run_uuid}. */
    public interface RunScoped {
        String runId();

        String runUuid();

        default String effectiveRunId() {
            return runId() != null && !runId().isEmpty() ? runId() : runUuid();
        }
    }
}

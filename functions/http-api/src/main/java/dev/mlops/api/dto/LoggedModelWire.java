package dev.mlops.api.dto;

import dev.mlops.api.dto.TrackingViews.FileInfo;
import dev.mlops.api.dto.TrackingViews.KeyValue;
import dev.mlops.core.domain.LoggedModel;
import java.util.List;
import java.util.Map;

/**
 * Requests and answers of the logged-model endpoints, named as service.proto's LoggedModel, LoggedModelInfo,
 * LoggedModelData, LoggedModelTag and LoggedModelParameter (snake_case on the wire).
 */
public final class LoggedModelWire {

    private LoggedModelWire() {
    }

    // ---- requests

    public record CreateLoggedModel(String experimentId, String name, String modelType, String sourceRunId,
                                    List<TrackingRequests.KeyValue> params, List<TrackingRequests.KeyValue> tags) {
    }

    /** {@code status} is an enum name or its proto number, so it is read untyped. */
    public record FinalizeLoggedModel(String modelId, Object status) {
    }

    public record SetLoggedModelTags(String modelId, List<TrackingRequests.KeyValue> tags) {
    }

    public record LogLoggedModelParams(String modelId, List<TrackingRequests.KeyValue> params) {
    }

    public record SearchDataset(String datasetName, String datasetDigest) {
    }

    public record SearchOrderBy(String fieldName, Boolean ascending, String datasetName, String datasetDigest) {
    }

    public record SearchLoggedModels(List<String> experimentIds, String filter, List<SearchDataset> datasets,
                                     Integer maxResults, List<SearchOrderBy> orderBy, String pageToken) {
    }

    public record ModelOutput(String modelId, Long step) {
    }

    public record LogOutputs(String runId, List<ModelOutput> models) {
    }

    // ---- answers

    public record LoggedModelInfo(String modelId, String experimentId, String name, long creationTimestampMs,
                                  long lastUpdatedTimestampMs, String artifactUri, String status, String modelType,
                                  String sourceRunId, String statusMessage, List<KeyValue> tags) {
    }

    /** A metric a run logged against the model (service.proto's Metric with its model fields). */
    public record ModelMetricView(String key, double value, long timestamp, long step, String datasetName,
                                  String datasetDigest, String modelId, String runId) {
    }

    public record LoggedModelData(List<KeyValue> params, List<ModelMetricView> metrics) {
    }

    public record LoggedModelView(LoggedModelInfo info, LoggedModelData data) {
    }

    public record LoggedModelResponse(LoggedModelView model) {
    }

    public record LoggedModelsPage(List<LoggedModelView> models, String nextPageToken) {
    }

    public record LoggedModelArtifacts(String rootUri, List<FileInfo> files, String nextPageToken) {
    }

    public static LoggedModelView view(LoggedModel m) {
        return new LoggedModelView(
                new LoggedModelInfo(m.modelId(), m.experimentId(), m.name(), m.creationTimestamp(),
                        m.lastUpdatedTimestamp(), m.artifactLocation(), m.status().wire(), m.modelType(),
                        m.sourceRunId(), m.statusMessage(), pairs(m.tags())),
                new LoggedModelData(pairs(m.params()), m.metrics().stream()
                        .map(x -> new ModelMetricView(x.key(), x.value(), x.timestamp(), x.step(), x.datasetName(),
                                x.datasetDigest(), m.modelId(), x.runId()))
                        .toList()));
    }

    private static List<KeyValue> pairs(Map<String, String> sorted) {
        return sorted.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).toList();
    }
}

package dev.mlops.api.dto;

import java.util.List;
import java.util.Map;

/** Response shapes of the tracking API, as MLflow's service.proto defines them. */
public final class TrackingViews {

    private TrackingViews() {
    }

    public record KeyValue(String key, String value) {
    }

    public record ExperimentView(String experimentId, String name, String artifactLocation, String lifecycleStage,
                                 long lastUpdateTime, long creationTime, List<KeyValue> tags) {
    }

    public record MetricView(String key, double value, long timestamp, long step) {
    }

    public record RunInfoView(String runId, String runUuid, String runName, String experimentId, String userId,
                              String status, long startTime, Long endTime, String artifactUri,
                              String lifecycleStage) {
    }

    public record RunDataView(List<MetricView> metrics, List<KeyValue> params, List<KeyValue> tags) {
    }

    public record DatasetView(String name, String digest, String sourceType, String source, String schema,
                              String profile) {
    }

    public record DatasetInputView(List<KeyValue> tags, DatasetView dataset) {
    }

    public record ModelInputView(String modelId) {
    }

    public record RunInputsView(List<DatasetInputView> datasetInputs, List<ModelInputView> modelInputs) {
    }

    public record ModelOutputView(String modelId, long step) {
    }

    public record RunOutputsView(List<ModelOutputView> modelOutputs) {
    }

    public record RunView(RunInfoView info, RunDataView data, RunInputsView inputs, RunOutputsView outputs) {
    }

    public record MetricWithRunId(String key, double value, long timestamp, long step, String runId) {
    }

    public record FileInfo(String path, boolean isDir, Long fileSize) {
    }

    /** MLflow answers every successful write with a JSON object, {@code {}} when there is nothing to say. */
    public static final Map<String, Object> EMPTY = Map.of();

    // Response envelopes.
    public record ExperimentIdResponse(String experimentId) {
    }

    public record ExperimentResponse(ExperimentView experiment) {
    }

    public record ExperimentsPage(List<ExperimentView> experiments, String nextPageToken) {
    }

    public record RunResponse(RunView run) {
    }

    public record RunInfoResponse(RunInfoView runInfo) {
    }

    public record RunsPage(List<RunView> runs, String nextPageToken) {
    }

    public record BulkMetrics(List<MetricWithRunId> metrics) {
    }

    public record RunArtifacts(String rootUri, List<FileInfo> files, String nextPageToken) {
    }

    public record ProxiedArtifacts(List<FileInfo> files) {
    }

    public record DatasetSummaryView(String experimentId, String name, String digest, String context) {
    }

    public record DatasetSummaries(List<DatasetSummaryView> datasetSummaries) {
    }
}

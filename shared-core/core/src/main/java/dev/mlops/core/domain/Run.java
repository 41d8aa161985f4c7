package dev.mlops.core.domain;

import java.util.List;
import java.util.Map;

/**
 * A run with its data. {@code latestMetrics} holds the latest point per key (see {@link MetricPoint#isNewerThan});
 * the full history lives behind the metric port. {@code modelInputs} and {@code modelOutputs} are the logged models
 * the run used and produced, in the order they were logged.
 */
public record Run(
        RunInfo info,
        Map<String, String> params,
        Map<String, String> tags,
        Map<String, MetricPoint> latestMetrics,
        List<DatasetInput> datasetInputs,
        List<String> modelInputs,
        List<ModelOutput> modelOutputs) {

    public static final String PARENT_RUN_TAG = "mlflow.parentRunId";
    public static final String RUN_NAME_TAG = "mlflow.runName";
    public static final String USER_TAG = "mlflow.user";

    public Run {
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
        latestMetrics = Map.copyOf(latestMetrics);
        datasetInputs = List.copyOf(datasetInputs);
        modelInputs = List.copyOf(modelInputs);
        modelOutputs = modelOutputs == null ? List.of() : List.copyOf(modelOutputs);
    }

    /** A run with no model outputs. */
    public Run(RunInfo info, Map<String, String> params, Map<String, String> tags,
               Map<String, MetricPoint> latestMetrics, List<DatasetInput> datasetInputs, List<String> modelInputs) {
        this(info, params, tags, latestMetrics, datasetInputs, modelInputs, List.of());
    }

    public String runId() {
        return info.runId();
    }

    public String parentRunId() {
        return tags.get(PARENT_RUN_TAG);
    }

    public Run withInfo(RunInfo newInfo) {
        return new Run(newInfo, params, tags, latestMetrics, datasetInputs, modelInputs, modelOutputs);
    }
}

package dev.mlops.core.domain;

/**
 * A metric value a run logged against an MLflow 3 logged model ({@code log_metric(..., model_id=...)}), optionally
 * for a dataset. A logged model keeps the latest value per key, run and dataset (see {@link #sameSeries}).
 */
public record ModelMetric(String key, double value, long timestamp, long step, String runId, String datasetName,
                          String datasetDigest) {

    /** Same key, run and dataset: the newer of two such values replaces the older. */
    public boolean sameSeries(ModelMetric other) {
        return key.equals(other.key) && java.util.Objects.equals(runId, other.runId)
                && java.util.Objects.equals(datasetName, other.datasetName)
                && java.util.Objects.equals(datasetDigest, other.datasetDigest);
    }

    public MetricPoint point() {
        return new MetricPoint(key, value, timestamp, step);
    }
}

package dev.mlops.core.domain;

/**
 * One logged metric value. Identity is the whole tuple: logging the same point twice (a client retry) stores it once.
 * Values may be NaN or infinite, as in MLflow.
 */
public record MetricPoint(String key, double value, long timestamp, long step) {

    /** Bitwise value comparison, so NaN equals NaN and retries of NaN points deduplicate. */
    public boolean sameAs(MetricPoint other) {
        return key.equals(other.key)
                && step == other.step
                && timestamp == other.timestamp
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(other.value);
    }

    /** MLflow's "latest" value: highest step, then highest timestamp, then highest value. */
    public boolean isNewerThan(MetricPoint other) {
        if (step != other.step) {
            return step > other.step;
        }
        if (timestamp != other.timestamp) {
            return timestamp > other.timestamp;
        }
        return Double.compare(value, other.value) > 0;
    }
}

package dev.mlops.core.port;

import dev.mlops.core.domain.MetricPoint;
import java.util.List;

/**
 * Full metric histories. Narrow on purpose, so the per-run log and the Parquet lake can stand behind it alike.
 * A point is durable when {@link #append} returns, and a point identical to a stored one is stored once.
 */
public interface MetricStore {

    void append(String experimentId, String runId, List<MetricPoint> points);

    /**
     * Points of one series whose step lies in [minStep, maxStep], ordered by step, then timestamp, then value,
     * skipping the first {@code offset} and returning at most {@code limit}.
     */
    List<MetricPoint> read(String runId, String key, long minStep, long maxStep, long offset, int limit);
}

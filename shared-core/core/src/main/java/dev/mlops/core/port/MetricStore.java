package dev.mlops.core.port;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.HistoryPage;
import dev.mlops.core.metric.MetricCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Full metric histories. Narrow on purpose, so the per-run log, DynamoDB batches and the Parquet lake can stand
 * behind it alike. A point is durable when {@link #append} returns, and a point identical to a stored one is
 * read once.
 */
public interface MetricStore {

    /**
     * Stores the points durably. Returns how many points the run's buffer holds now (what a flush would move), so
     * the caller can ask for a flush past a threshold; -1 when the store does not track it.
     */
    long append(String experimentId, String runId, List<MetricPoint> points);

    /**
     * Streams one series: points whose step lies in [minStep, maxStep], in {@link HistoryPage#ORDER}, each once,
     * starting strictly after {@code after} (null: from the start). Keyset paging with {@code after} costs the same
     * on page 400 as on page 1.
     */
    MetricCursor series(String runId, String key, long minStep, long maxStep, MetricPoint after);

    /** A page by offset: skips the first {@code offset} points of the range and returns at most {@code limit}. */
    default List<MetricPoint> read(String runId, String key, long minStep, long maxStep, long offset, int limit) {
        List<MetricPoint> page = new ArrayList<>();
        try (MetricCursor cursor = series(runId, key, minStep, maxStep, null)) {
            long skipped = 0;
            while (cursor.hasNext() && page.size() < limit) {
                MetricPoint p = cursor.next();
                if (skipped++ >= offset) {
                    page.add(p);
                }
            }
        }
        return page;
    }
}

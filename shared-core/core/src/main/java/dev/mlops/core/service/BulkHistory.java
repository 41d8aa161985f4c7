package dev.mlops.core.service;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.MetricStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * get-history-bulk, the web UI's whole-history read of one metric over several runs, as MLflow's server answers it:
 * runs in id order, each run's points by timestamp, step and value, at most {@code maxResults} points in all
 * (25,000 by default and at most). Runs this server does not know contribute nothing, as in MLflow.
 */
final class BulkHistory {

    static final int MAX_RUNS = 100;
    static final int MAX_RESULTS = 25_000;
    private static final Comparator<MetricPoint> ORDER = Comparator.comparingLong(MetricPoint::timestamp)
            .thenComparingLong(MetricPoint::step).thenComparingDouble(MetricPoint::value);

    private BulkHistory() {
    }

    static List<SeriesPoint> read(MetadataStore metadata, MetricStore metrics, List<String> runIds, String key,
                                  Integer maxResults) {
        if (runIds == null || runIds.isEmpty()) {
            throw new InvalidParameterException("GetMetricHistoryBulk request must specify at least one run_id.");
        }
        if (runIds.size() > MAX_RUNS) {
            throw new InvalidParameterException("GetMetricHistoryBulk request cannot specify more than " + MAX_RUNS
                    + " run_ids. Received " + runIds.size() + " run_ids.");
        }
        if (key == null) {
            throw new InvalidParameterException("GetMetricHistoryBulk request must specify a metric_key.");
        }
        int limit = maxResults == null ? MAX_RESULTS : Math.min(maxResults, MAX_RESULTS);
        List<SeriesPoint> out = new ArrayList<>();
        for (String runId : new TreeSet<>(runIds)) {
            if (out.size() >= limit || !Validation.isRunId(runId) || metadata.getRun(runId).isEmpty()) {
                continue;
            }
            List<MetricPoint> series = new ArrayList<>();
            try (MetricCursor cursor = metrics.series(runId, key, Long.MIN_VALUE, Long.MAX_VALUE, null)) {
                while (cursor.hasNext() && series.size() < limit) {
                    series.add(cursor.next());
                }
            }
            series.sort(ORDER);
            for (MetricPoint point : series) {
                if (out.size() < limit) {
                    out.add(new SeriesPoint(runId, point));
                }
            }
        }
        return out;
    }
}

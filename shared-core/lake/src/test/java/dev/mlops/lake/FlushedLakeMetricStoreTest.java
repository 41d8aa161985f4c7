package dev.mlops.lake;

import dev.mlops.core.contract.MetricStoreContract;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.port.MetricStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MetricStore contract with every point read back from the lake: each append is flushed at once (every other
 * flush compacting), so ordering, retries, partial overlaps, ranges and paging are proven on Parquet files.
 */
class FlushedLakeMetricStoreTest extends MetricStoreContract {

    @TempDir
    Path dir;

    private MetricStore store;

    @BeforeEach
    void open() {
        LocalLake lake = new LocalLake(dir);
        LakeMetricStore lakeStore = lake.store();
        MetricFlusher flusher = lake.flusher(new MetricFlusher.Settings(2, 0, 0, 5), MetricFlusher.StepHook.NONE);
        store = new MetricStore() {
            @Override
            public long append(String experimentId, String runId, List<MetricPoint> points) {
                long buffered = lakeStore.append(experimentId, runId, points);
                flusher.flushOne(runId, experimentId);
                return buffered;
            }

            @Override
            public MetricCursor series(String runId, String key, long minStep, long maxStep, MetricPoint after) {
                return lakeStore.series(runId, key, minStep, maxStep, after);
            }
        };
    }

    @Override
    protected MetricStore store() {
        return store;
    }
}

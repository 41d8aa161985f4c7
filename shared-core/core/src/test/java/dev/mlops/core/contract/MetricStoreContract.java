package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.port.MetricStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link MetricStore} must do. Each backend's test extends this and supplies a fresh store. */
public abstract class MetricStoreContract {

    protected abstract MetricStore store();

    private final String runId = UUID.randomUUID().toString().replace("-", "");

    @Test
    void read_shouldReturnPointsOrderedByStepThenTimestamp() {
        store().append("1", runId, List.of(p("loss", 3, 30, 2), p("loss", 1, 10, 0), p("loss", 2, 25, 1),
                p("loss", 4, 20, 1)));

        List<MetricPoint> history = readAll("loss");

        assertThat(history).extracting(MetricPoint::value).containsExactly(1.0, 4.0, 2.0, 3.0);
    }

    @Test
    void append_shouldStoreIdenticalPointOnce_whenBatchIsResent() {
        List<MetricPoint> batch = List.of(p("loss", 1, 10, 0), p("loss", 0.5, 11, 1));

        store().append("1", runId, batch);
        store().append("1", runId, batch);

        assertThat(readAll("loss")).hasSize(2);
    }

    @Test
    void read_shouldShowEachPointOnce_whenBatchesOverlapInPart() {
        store().append("1", runId, List.of(p("loss", 1, 10, 0), p("loss", 2, 11, 1)));
        store().append("1", runId, List.of(p("loss", 2, 11, 1), p("loss", 3, 12, 2)));
        store().append("1", runId, List.of(p("loss", 3, 12, 2), p("loss", 3, 12, 2)));

        assertThat(readAll("loss")).extracting(MetricPoint::value).containsExactly(1.0, 2.0, 3.0);
        assertThat(store().read(runId, "loss", Long.MIN_VALUE, Long.MAX_VALUE, 1, 10))
                .extracting(MetricPoint::value).containsExactly(2.0, 3.0);
    }

    @Test
    void append_shouldKeepPointsThatDifferOnlyInValueOrTimestamp() {
        store().append("1", runId, List.of(p("m", 1, 10, 0), p("m", 2, 10, 0), p("m", 1, 11, 0)));

        assertThat(readAll("m")).hasSize(3);
    }

    @Test
    void append_shouldDeduplicateNaNAndKeepInfinities() {
        store().append("1", runId, List.of(p("m", Double.NaN, 1, 0), p("m", Double.POSITIVE_INFINITY, 2, 1),
                p("m", Double.NEGATIVE_INFINITY, 3, 2)));
        store().append("1", runId, List.of(p("m", Double.NaN, 1, 0)));

        List<MetricPoint> history = readAll("m");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).value()).isNaN();
        assertThat(history.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(history.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void read_shouldSeparateKeysAndRuns() {
        String otherRun = UUID.randomUUID().toString().replace("-", "");
        store().append("1", runId, List.of(p("a", 1, 1, 0), p("b", 2, 1, 0)));
        store().append("1", otherRun, List.of(p("a", 3, 1, 0)));

        assertThat(readAll("a")).extracting(MetricPoint::value).containsExactly(1.0);
        assertThat(store().read(otherRun, "a", Long.MIN_VALUE, Long.MAX_VALUE, 0, 10))
                .extracting(MetricPoint::value).containsExactly(3.0);
        assertThat(readAll("missing")).isEmpty();
    }

    @Test
    void read_shouldHonourStepRangeOffsetAndLimit() {
        List<MetricPoint> points = new ArrayList<>();
        for (int step = 0; step < 100; step++) {
            points.add(p("x", step, 1000 + step, step));
        }
        store().append("1", runId, points);

        List<MetricPoint> window = store().read(runId, "x", 10, 19, 0, 1000);
        List<MetricPoint> page = store().read(runId, "x", Long.MIN_VALUE, Long.MAX_VALUE, 40, 5);

        assertThat(window).extracting(MetricPoint::step).containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L,
                18L, 19L);
        assertThat(page).extracting(MetricPoint::step).containsExactly(40L, 41L, 42L, 43L, 44L);
    }

    @Test
    void append_shouldLoseNothing_whenBatchesRaceOnOneRun() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            pool.submit(() -> {
                List<MetricPoint> batch = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    batch.add(p("c", i, thread, thread * 1000L + i));
                }
                store().append("1", runId, batch);
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(readAll("c")).hasSize(2000);
    }

    protected List<MetricPoint> readAll(String key) {
        return store().read(runId, key, Long.MIN_VALUE, Long.MAX_VALUE, 0, Integer.MAX_VALUE);
    }

    protected String runId() {
        return runId;
    }

    protected static MetricPoint p(String key, double value, long timestamp, long step) {
        return new MetricPoint(key, value, timestamp, step);
    }
}

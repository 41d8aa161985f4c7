package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.BufferStats;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.metric.LakeManifest.LakeFile;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.port.MetricBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What the flush relies on from every {@link MetricBuffer}: batches kept whole under their digest, manifests
 * committed by compare-and-set, released batches gone yet still recognised. Each backend's test extends this.
 */
public abstract class MetricBufferContract {

    protected abstract MetricBuffer buffer();

    private final String runId = UUID.randomUUID().toString().replace("-", "");

    @Test
    void append_shouldReportBufferedPoints_andSnapshotShouldHoldTheBatchesWhole() {
        long first = buffer().append("7", runId, List.of(p("a", 1, 0), p("b", 2, 0)));
        long second = buffer().append("7", runId, List.of(p("a", 3, 1)));

        BufferSnapshot snapshot = buffer().snapshot(runId);

        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(3);
        assertThat(snapshot.batches()).extracting(PointBatch::count).containsExactlyInAnyOrder(2, 1);
        assertThat(snapshot.manifest()).isEqualTo(LakeManifest.empty(runId));
        assertThat(buffer().pendingRuns()).anySatisfy(run -> assertThat(run.runId()).isEqualTo(runId));
    }

    @Test
    void commit_shouldSucceedOnce_whenTwoFlushesRaceFromTheSameVersion() throws Exception {
        buffer().append("7", runId, List.of(p("a", 1, 0)));
        LakeManifest base = buffer().manifest(runId);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                LakeManifest next = base.next(List.of(new LakeFile("part-" + i + ".parquet", 1, Set.of())), Set.of());
                Callable<Boolean> commit = () -> buffer().commit(base, next);
                outcomes.add(pool.submit(commit));
            }
            int won = 0;
            for (Future<Boolean> outcome : outcomes) {
                won += outcome.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(buffer().manifest(runId).version()).isEqualTo(1);
        assertThat(buffer().manifest(runId).files()).hasSize(1);
    }

    @Test
    void manifest_shouldRoundTripEveryField_includingRetiredFiles() {
        buffer().append("7", runId, List.of(p("a", 1, 0)));
        BufferSnapshot snapshot = buffer().snapshot(runId);
        LakeManifest first = snapshot.manifest().next(
                List.of(new LakeFile("experiment_id=7/run_id=" + runId + "/part-a.parquet", 1, snapshot.batchIds())),
                snapshot.batchIds());
        assertThat(buffer().commit(snapshot.manifest(), first)).isTrue();
        LakeManifest second = first.next(List.of(new LakeFile("part-b.parquet", 3, Set.of())),
                Set.of(first.files().get(0).name()), snapshot.batchIds(), 1_234L, Set.of());

        assertThat(buffer().commit(first, second)).isTrue();

        assertThat(buffer().manifest(runId)).isEqualTo(second);
        assertThat(buffer().manifest(runId).retired()).extracting(LakeManifest.Retired::retiredAt)
                .containsExactly(1_234L);
        assertThat(buffer().commit(first, second)).as("a stale version loses").isFalse();
    }

    @Test
    void coveredBatches_shouldLeaveTheBuffersReadsAtOnce_andReleaseShouldRemoveThem() {
        buffer().append("7", runId, List.of(p("a", 1, 0), p("a", 2, 1)));
        buffer().append("7", runId, List.of(p("a", 3, 2)));
        BufferSnapshot snapshot = buffer().snapshot(runId);
        PointBatch flushed = snapshot.batches().stream().filter(b -> b.count() == 2).findFirst().orElseThrow();

        LakeManifest next = snapshot.manifest().next(
                List.of(new LakeFile("part-x.parquet", 2, Set.of(flushed.digest()))), snapshot.batchIds());
        assertThat(buffer().commit(snapshot.manifest(), next)).isTrue();

        assertThat(values()).containsExactly(3.0);
        assertThat(buffer().snapshot(runId).uncovered()).hasSize(1);

        buffer().release(runId, Set.of(flushed.digest()));

        assertThat(buffer().snapshot(runId).batches()).extracting(PointBatch::count).containsExactly(1);
        assertThat(buffer().manifest(runId).coveredBatches()).contains(flushed.digest());
        assertThat(values()).containsExactly(3.0);
    }

    @Test
    void releasedBatch_shouldNotBeBufferedAgain_whenTheClientRetriesIt() {
        List<MetricPoint> points = List.of(p("a", 1, 0), p("a", 2, 1));
        buffer().append("7", runId, points);
        BufferSnapshot snapshot = buffer().snapshot(runId);
        LakeManifest next = snapshot.manifest().next(
                List.of(new LakeFile("part-y.parquet", 2, snapshot.batchIds())), snapshot.batchIds());
        buffer().commit(snapshot.manifest(), next);
        buffer().release(runId, snapshot.batchIds());

        buffer().append("7", runId, points);

        assertThat(buffer().snapshot(runId).batches()).isEmpty();
    }

    @Test
    void release_shouldKeepBatchesAppendedAfterTheSnapshot() {
        buffer().append("7", runId, List.of(p("a", 1, 0)));
        BufferSnapshot snapshot = buffer().snapshot(runId);
        buffer().append("7", runId, List.of(p("a", 2, 1)));

        buffer().release(runId, snapshot.batchIds());

        assertThat(buffer().snapshot(runId).batches()).hasSize(1);
        assertThat(buffer().pendingRuns()).anySatisfy(run -> assertThat(run.runId()).isEqualTo(runId));
    }

    @Test
    void pendingRuns_shouldForgetARun_whenAllItsBatchesAreReleased() {
        buffer().append("7", runId, List.of(p("a", 1, 0)));
        BufferSnapshot snapshot = buffer().snapshot(runId);
        buffer().commit(snapshot.manifest(), snapshot.manifest().next(
                List.of(new LakeFile("part-z.parquet", 1, snapshot.batchIds())), snapshot.batchIds()));

        buffer().release(runId, snapshot.batchIds());

        assertThat(buffer().pendingRuns()).noneSatisfy(run -> assertThat(run.runId()).isEqualTo(runId));
    }

    @Test
    void stats_shouldCountWaitingRunsAndPointsAndDateTheOldestWait_untilTheBatchesAreReleased() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String otherRun = UUID.randomUUID().toString().replace("-", "");
        buffer().append("7", runId, List.of(p("a", 1, 0), p("a", 2, 1)));
        buffer().append("7", otherRun, List.of(p("a", 3, 0)));

        BufferStats waiting = buffer().stats();

        assertThat(waiting.pendingRuns()).isEqualTo(2);
        assertThat(waiting.bufferedPoints()).isEqualTo(3);
        assertThat(waiting.oldestBufferedAt()).hasValueSatisfying(since ->
                assertThat(since).isBetween(before, Instant.now().plusSeconds(1)));
        flushAll(runId);
        flushAll(otherRun);
        assertThat(buffer().stats()).isEqualTo(BufferStats.EMPTY);
    }

    @Test
    void deduplicatedBatches_shouldCountARetriedLogCallOnce_andNotAFreshOne() {
        List<MetricPoint> points = List.of(p("a", 1, 0), p("a", 2, 1));
        long before = buffer().deduplicatedBatches();

        buffer().append("7", runId, points);
        buffer().append("7", runId, points);
        buffer().append("7", runId, List.of(p("a", 3, 2)));

        assertThat(buffer().deduplicatedBatches() - before).isEqualTo(1);
        assertThat(buffer().stats().bufferedPoints()).isEqualTo(3);
    }

    private void flushAll(String run) {
        BufferSnapshot snapshot = buffer().snapshot(run);
        buffer().commit(snapshot.manifest(), snapshot.manifest().next(
                List.of(new LakeFile("part-" + run + ".parquet", 1, snapshot.batchIds())), snapshot.batchIds()));
        buffer().release(run, snapshot.batchIds());
    }

    private List<Double> values() {
        List<Double> values = new ArrayList<>();
        try (MetricCursor cursor = buffer().series(runId, "a", Long.MIN_VALUE, Long.MAX_VALUE, null)) {
            cursor.forEachRemaining(p -> values.add(p.value()));
        }
        return values;
    }

    private static MetricPoint p(String key, double value, long step) {
        return new MetricPoint(key, value, 1000 + step, step);
    }
}

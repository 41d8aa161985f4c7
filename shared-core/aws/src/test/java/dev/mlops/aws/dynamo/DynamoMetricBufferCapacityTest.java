package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.metric.LakeManifest.LakeFile;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.port.MetricBuffer.PendingRun;
import dev.mlops.testsupport.AwsEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Capacity units of the buffer operations the flush and log-batch use, computed from item sizes by
 * {@link CapacityMeter} (moto's own figures are flat per request). A log call here is 10 metric keys at one step,
 * the shape of a training loop's log-batch. {@code -Ddynamo.buffer.runs=N} sets the number of pending runs: 50 in
 * the normal build, 1,000 for the figures in docs/dynamodb-design.md (about a minute on moto). The table is printed
 * and written to target/dynamo-buffer-capacity.md.
 */
class DynamoMetricBufferCapacityTest {

    private static final int RUNS = Integer.getInteger("dynamo.buffer.runs", 50);
    private static final int BATCHES = 100;
    private DynamoFixture fixture;
    private DynamoMetricStore buffer;
    private final List<String> report = new ArrayList<>(List.of(
            "| operation | WCU | RCU | requests |", "|---|---|---|---|"));

    @BeforeEach
    void open() {
        AwsEmulator.get().reset();
        fixture = DynamoFixture.create();
        buffer = fixture.metrics;
        fixture.meter.measureWrites = true;
    }

    @AfterEach
    void close() throws IOException {
        report.forEach(System.out::println);
        Files.write(Path.of("target", "dynamo-buffer-capacity.md"), report);
        fixture.close();
    }

    @Test
    void bufferOperations() {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(newRun());
            buffer.append(Integer.toString(i % 7), runs.get(i), step(0));
        }
        List<PendingRun> pending = measure("pendingRuns over " + RUNS + " pending runs (one batch each)",
                buffer::pendingRuns);
        assertThat(pending).extracting(PendingRun::runId).containsExactlyInAnyOrderElementsOf(runs);

        String run = newRun();
        long first = measure("append, 10 points, new batch (put + counter ADD)", () -> buffer.append("1", run, step(0)));
        long retry = measure("append retried (refused put + counter GetItem)", () -> buffer.append("1", run, step(0)));
        assertThat(first).isEqualTo(10);
        assertThat(retry).isEqualTo(10);
        List<MetricPoint> large = steps(100);
        measure("append, 1,000 points (MLflow's log-batch maximum, %.1f KB encoded)"
                .formatted(PointBatch.encode(large).sizeBytes() / 1024.0), () -> buffer.append("1", newRun(), large));
        for (int s = 1; s < BATCHES; s++) {
            buffer.append("1", run, step(s));
        }

        BufferSnapshot snapshot = measure("snapshot of a run with %d batches of 10 points (%d B encoded each)"
                .formatted(BATCHES, PointBatch.encode(step(1)).sizeBytes()), () -> buffer.snapshot(run));
        assertThat(snapshot.batches()).hasSize(BATCHES);

        LakeManifest next = snapshot.manifest().next(List.of(new LakeFile("part-00001.parquet",
                BATCHES * 10L, snapshot.batchIds())), snapshot.batchIds());
        assertThat(measure("commit of a manifest covering " + BATCHES + " batches",
                () -> buffer.commit(snapshot.manifest(), next))).isTrue();

        measure("release of " + BATCHES + " batches (tombstones + counter ADD)", () -> {
            buffer.release(run, snapshot.batchIds());
            return null;
        });
        buffer.append("1", run, step(BATCHES));
        BufferSnapshot after = measure("snapshot after the release (1 batch, " + BATCHES + " tombstones)",
                () -> buffer.snapshot(run));
        assertThat(after.batches()).hasSize(1);
        assertThat(buffer.append("1", run, step(0))).isEqualTo(10);
    }

    private <T> T measure(String what, Supplier<T> operation) {
        CapacityMeter m = fixture.meter;
        m.reset();
        T result = operation.get();
        report.add("| %s | %.1f | %.1f | %d writes (%d index entries), %d Query (%d index), %d items read |"
                .formatted(what, m.writeUnits.sum(), m.computed.sum(), m.writes.get(), m.indexEntryWrites.get(),
                        m.queries.get(), m.indexQueries.get(), m.itemsRead.get()));
        assertThat(m.scans).hasValue(0);
        return result;
    }

    private static String newRun() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** One training step's log call: 10 keys. */
    private static List<MetricPoint> step(long step) {
        List<MetricPoint> points = new ArrayList<>();
        for (String key : List.of("loss", "acc", "val_loss", "val_acc", "lr", "grad_norm", "epoch", "f1",
                "precision", "recall")) {
            points.add(new MetricPoint(key, step * 0.01, 1_700_000_000_000L + step, step));
        }
        return points;
    }

    private static List<MetricPoint> steps(int count) {
        List<MetricPoint> points = new ArrayList<>();
        for (int s = 1000; s < 1000 + count; s++) {
            points.addAll(step(s));
        }
        return points;
    }
}

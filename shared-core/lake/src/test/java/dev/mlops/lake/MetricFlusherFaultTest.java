package dev.mlops.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.lake.MetricFlusher.Settings;
import dev.mlops.lake.MetricFlusher.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A flush that crashes at any step, plain or compacting, with or without new points arriving before the re-run,
 * ends with every logged point exactly once in lake plus buffer, and a raw lake directory holding only listed files.
 */
class MetricFlusherFaultTest {

    private static final String RUN = "run1";

    @TempDir
    Path dir;

    /** A crash is an exception out of the hook; everything the flush did before it is on disk. */
    private static MetricFlusher.StepHook crashAt(Step at) {
        return (step, runId) -> {
            if (step == at) {
                throw new IllegalStateException("simulated crash after " + step);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void plainFlush_shouldHoldEveryPointOnce_afterACrashAtAnyStep(Step step) {
        LocalLake lake = new LocalLake(dir);
        List<MetricPoint> logged = new ArrayList<>();
        log(lake, logged, 0, 3);

        assertThat(lake.flusher(Settings.DEFAULT, crashAt(step)).flushOne(RUN, null).ok()).isFalse();
        assertExactlyOnce(lake, logged);

        log(lake, logged, 3, 2);
        assertExactlyOnce(lake, logged);
        assertThat(lake.flusher().flushOne(RUN, null).failures()).isEmpty();

        assertExactlyOnce(lake, logged);
        assertThat(lake.buffer.snapshot(RUN).batches()).as("everything released").isEmpty();
        assertThat(lake.partFiles(RUN)).as("no orphan left behind").isEqualTo(lake.listedFiles(RUN));
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void compaction_shouldHoldEveryPointOnce_afterACrashAtAnyStep(Step step) {
        LocalLake lake = new LocalLake(dir);
        Settings compactAtThree = new Settings(3, 0, 0, 5);
        List<MetricPoint> logged = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            log(lake, logged, round * 2, 2);
            assertThat(lake.flusher(compactAtThree, MetricFlusher.StepHook.NONE).flushOne(RUN, null).ok()).isTrue();
            lake.now.addAndGet(1000);
        }
        assertThat(lake.listedFiles(RUN)).hasSize(3);
        log(lake, logged, 6, 2);

        assertThat(lake.flusher(compactAtThree, crashAt(step)).flushOne(RUN, null).ok()).isFalse();
        assertExactlyOnce(lake, logged);

        lake.now.addAndGet(1000);
        assertThat(lake.flusher(compactAtThree, MetricFlusher.StepHook.NONE).flushOne(RUN, null).failures())
                .isEmpty();
        assertExactlyOnce(lake, logged);
        assertThat(lake.listedFiles(RUN)).as("compacted into one").hasSize(1);

        lake.now.addAndGet(1000);
        lake.flusher(compactAtThree, MetricFlusher.StepHook.NONE).flushOne(RUN, null);
        assertThat(lake.partFiles(RUN)).as("retired files deleted after their grace").isEqualTo(lake.listedFiles(RUN));
        assertExactlyOnce(lake, logged);
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void twoCrashesInARow_shouldStillEndExactlyOnce(Step step) {
        LocalLake lake = new LocalLake(dir);
        List<MetricPoint> logged = new ArrayList<>();
        log(lake, logged, 0, 2);
        lake.flusher(Settings.DEFAULT, crashAt(step)).flushOne(RUN, null);
        log(lake, logged, 2, 2);
        lake.flusher(Settings.DEFAULT, crashAt(step)).flushOne(RUN, null);

        lake.flusher().flushOne(RUN, null);

        assertExactlyOnce(lake, logged);
        assertThat(lake.buffer.snapshot(RUN).batches()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void readsThroughTheStore_shouldSeeEveryPointOnce_whileAFlushIsStoppedAtAnyStep(Step step) {
        LocalLake lake = new LocalLake(dir);
        List<MetricPoint> logged = new ArrayList<>();
        log(lake, logged, 0, 4);
        lake.flusher(Settings.DEFAULT, crashAt(step)).flushOne(RUN, null);

        List<MetricPoint> history = lake.store().read(RUN, "loss", Long.MIN_VALUE, Long.MAX_VALUE, 0, 1_000_000);

        assertThat(history).containsExactlyElementsOf(logged.stream().filter(p -> p.key().equals("loss"))
                .sorted(dev.mlops.core.metric.HistoryPage.ORDER).toList());
    }

    @org.junit.jupiter.api.Test
    void openCursor_shouldFinishTheSeriesOnce_whenACompactionDeletesItsFilesMidRead() {
        LocalLake lake = new LocalLake(dir);
        Settings compactAtTwo = new Settings(2, 0, 0, 5);
        List<MetricPoint> logged = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            log(lake, logged, round * 50, 50);
            lake.flusher(compactAtTwo, MetricFlusher.StepHook.NONE).flushOne(RUN, null);
        }
        List<String> before = lake.partFiles(RUN);
        List<MetricPoint> read = new ArrayList<>();
        try (var cursor = lake.store().series(RUN, "loss", Long.MIN_VALUE, Long.MAX_VALUE, null)) {
            for (int i = 0; i < 10; i++) {
                read.add(cursor.next());
            }
            log(lake, logged, 100, 1);
            assertThat(lake.flusher(compactAtTwo, MetricFlusher.StepHook.NONE).flushOne(RUN, null).ok()).isTrue();
            assertThat(lake.partFiles(RUN)).as("the files being read were replaced").doesNotContainAnyElementsOf(before);
            cursor.forEachRemaining(read::add);
        }

        assertThat(read).containsExactlyElementsOf(logged.stream().filter(p -> p.key().equals("loss"))
                .filter(p -> p.step() < 1000).sorted(dev.mlops.core.metric.HistoryPage.ORDER).toList()
                .subList(0, read.size()));
        assertThat(read).hasSizeGreaterThanOrEqualTo(1000);
    }

    @org.junit.jupiter.api.Test
    void unreadableUnlistedFile_shouldFailTheRunByName_keepingBufferAndManifest() throws Exception {
        LocalLake lake = new LocalLake(dir);
        List<MetricPoint> logged = new ArrayList<>();
        log(lake, logged, 0, 2);
        assertThat(lake.flusher().flushOne(RUN, null).ok()).isTrue();
        log(lake, logged, 2, 2);
        Path runDir = dir.resolve("lake/experiment_id=7/run_id=" + RUN);
        Path listed = runDir.resolve(lake.listedFiles(RUN).get(0));
        Path truncated = runDir.resolve("part-0123456789abcdef0123456789abcdef.parquet");
        byte[] bytes = java.nio.file.Files.readAllBytes(listed);
        java.nio.file.Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        long version = lake.buffer.manifest(RUN).version();
        int batches = lake.buffer.snapshot(RUN).batches().size();

        FlushReport report = lake.flusher().flushOne(RUN, null);

        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.file()).endsWith(truncated.getFileName().toString());
            assertThat(f.message()).contains(truncated.getFileName().toString());
        });
        assertThat(lake.buffer.manifest(RUN).version()).isEqualTo(version);
        assertThat(lake.buffer.snapshot(RUN).batches()).hasSize(batches);
        assertExactlyOnce(lake, logged);
    }

    @org.junit.jupiter.api.Test
    void corruptListedFile_shouldFailReadsNamingTheFile() throws Exception {
        LocalLake lake = new LocalLake(dir);
        log(lake, new ArrayList<>(), 0, 2);
        lake.flusher().flushOne(RUN, null);
        Path listed = dir.resolve("lake/experiment_id=7/run_id=" + RUN).resolve(lake.listedFiles(RUN).get(0));
        java.nio.file.Files.write(listed, "not parquet at all".getBytes());

        assertThatThrownBy(() -> lake.store().read(RUN, "loss", Long.MIN_VALUE, Long.MAX_VALUE, 0, 10))
                .isInstanceOf(dev.mlops.core.error.StorageFailureException.class)
                .hasMessageContaining(listed.getFileName().toString());
    }

    /** Logs {@code batches} batches of two keys (with NaN and infinities) at steps from {@code firstStep}*10. */
    static void log(LocalLake lake, List<MetricPoint> logged, int firstBatch, int batches) {
        for (int b = firstBatch; b < firstBatch + batches; b++) {
            List<MetricPoint> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long step = b * 10L + i;
                double v = step % 17 == 3 ? Double.NaN : step % 23 == 5 ? Double.POSITIVE_INFINITY
                        : step % 29 == 7 ? Double.NEGATIVE_INFINITY : 1.0 / (step + 1);
                batch.add(new MetricPoint("loss", v, 1_700_000_000_000L + step, step));
                batch.add(new MetricPoint("acc", 1 - 1.0 / (step + 2), 1_700_000_000_000L + step, step));
            }
            lake.buffer.append(LocalLake.EXPERIMENT, RUN, batch);
            logged.addAll(batch);
        }
    }

    /** The multiset of rows in lake plus buffer equals the logged points, each once. */
    static void assertExactlyOnce(LocalLake lake, List<MetricPoint> logged) {
        List<String> actual = lake.logicalContent(RUN).stream().map(MetricFlusherFaultTest::text).sorted().toList();
        List<String> expected = logged.stream().map(MetricFlusherFaultTest::text).sorted().toList();
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(new TreeSet<>(actual)).hasSize(actual.size());
    }

    private static String text(MetricPoint p) {
        return p.key() + "|" + p.step() + "|" + p.timestamp() + "|" + Double.doubleToLongBits(p.value());
    }

    static Set<String> names(List<String> files) {
        return new TreeSet<>(files);
    }
}

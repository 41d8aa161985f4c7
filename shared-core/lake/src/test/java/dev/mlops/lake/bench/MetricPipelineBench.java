package dev.mlops.lake.bench;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.local.DiskSpace;
import dev.mlops.core.local.LocalBackend;
import dev.mlops.core.local.LocalMetricStore;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.service.NewVersionRequest;
import dev.mlops.core.service.PreHooks;
import dev.mlops.core.service.RegistryService;
import dev.mlops.lake.FlushReport;
import dev.mlops.lake.LakeConfiguration;
import dev.mlops.lake.LakeLayout;
import dev.mlops.lake.LakeMetricStore;
import dev.mlops.lake.MetricFlusher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmarks, not tests: they print figures and assert nothing about time. Run with {@code ./mlops bench --lake}
 * (surefire with {@code -Dbench.lake=true}); bench/RESULTS.md records what they printed.
 */
@EnabledIfSystemProperty(named = "bench.lake", matches = "true")
class MetricPipelineBench {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** Buffer to lake on the local default: 1M points of 10 smooth training curves in 1000-point batches. */
    @Test
    void flushThroughputAndSize() throws IOException {
        LocalMetricStore buffer = new LocalMetricStore(dir, new DiskSpace(dir, 0, DiskSpace.FILE_STORE));
        int steps = 100_000;
        String[] keys = {"loss", "val_loss", "acc", "val_acc", "lr", "grad_norm", "f1", "precision", "recall", "auc"};
        for (int from = 0; from < steps; from += 100) {
            List<MetricPoint> batch = new ArrayList<>(1000);
            for (int step = from; step < from + 100; step++) {
                for (int k = 0; k < keys.length; k++) {
                    batch.add(new MetricPoint(keys[k], curve(k, step), T0 + step * 37L, step));
                }
            }
            buffer.append("1", "run1", batch);
        }
        LakeLayout layout = new LakeLayout(new org.apache.hadoop.fs.Path(dir.resolve("lake").toUri()));
        MetricFlusher flusher = new MetricFlusher(buffer, layout, LakeConfiguration.local(), r -> Optional.of("1"),
                MetricFlusher.Settings.DEFAULT, MetricFlusher.StepHook.NONE, InstantSource.system());
        long t0 = System.nanoTime();
        FlushReport report = flusher.flushAll();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long bytes = lakeBytes();
        System.out.printf("flush: %,d points in %.2f s = %,.0f points/s; lake %,d bytes = %.2f bytes/point%n",
                report.points(), seconds, report.points() / seconds, bytes, (double) bytes / report.points());

        LakeMetricStore store = new LakeMetricStore(buffer, layout, LakeConfiguration.local());
        for (int round = 0; round < 5; round++) {
            long r0 = System.nanoTime();
            int read = readAll(store, "run1", "loss");
            System.out.printf("get-history, flushed %,d-point series in 25,000-point pages: %.1f ms%n", read,
                    (System.nanoTime() - r0) / 1e6);
        }
    }

    /** A 10M-point series read end to end in pages; run with a small heap (bench/run.sh gives -Xmx256m). */
    @Test
    void tenMillionPointSeries() {
        LocalMetricStore buffer = new LocalMetricStore(dir, new DiskSpace(dir, 0, DiskSpace.FILE_STORE));
        LakeLayout layout = new LakeLayout(new org.apache.hadoop.fs.Path(dir.resolve("lake").toUri()));
        MetricFlusher flusher = new MetricFlusher(buffer, layout, LakeConfiguration.local(), r -> Optional.of("1"),
                MetricFlusher.Settings.DEFAULT, MetricFlusher.StepHook.NONE, InstantSource.system());
        int total = Integer.getInteger("bench.points", 10_000_000);
        for (int from = 0; from < total; from += 1_000_000) {
            for (int b = from; b < from + 1_000_000; b += 10_000) {
                List<MetricPoint> batch = new ArrayList<>(10_000);
                for (int step = b; step < b + 10_000; step++) {
                    batch.add(new MetricPoint("loss", curve(0, step), T0 + step, step));
                }
                buffer.append("1", "big", batch);
            }
            flusher.flushAll();
        }
        LakeMetricStore store = new LakeMetricStore(buffer, layout, LakeConfiguration.local());
        long t0 = System.nanoTime();
        int read = readAll(store, "big", "loss");
        Runtime rt = Runtime.getRuntime();
        System.out.printf("10M series: read %,d points in %.1f s with max heap %,d MB (used now %,d MB)%n", read,
                (System.nanoTime() - t0) / 1e9, rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    /** search-model-versions with a tag filter over 10,000 versions on the local registry. */
    @Test
    void searchModelVersions() {
        try (LocalBackend local = LocalBackend.open(dir.resolve("data"), InstantSource.system())) {
            Backend backend = local.asBackend();
            RegistryService registry = new RegistryService(backend.registry(), backend.metadata(),
                    backend.loggedModels(), backend.artifacts(), backend.artifactRootUri(), EventPublisher.NONE,
                    PreHooks.NONE, InstantSource.system());
            for (int m = 0; m < 100; m++) {
                registry.createRegisteredModel("model-" + m, List.of(), null);
                for (int v = 0; v < 100; v++) {
                    registry.createModelVersion(new NewVersionRequest("model-" + m, "s3://models/" + m + "/" + v,
                            null, List.of(new Tag("validated", v % 10 == 0 ? "true" : "false")), null, null, null,
                            "bench", "k-" + m + "-" + v));
                }
            }
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                int found = registry.searchModelVersions("tags.validated = 'true'", 1000, List.of(), null)
                        .versions().size();
                System.out.printf("search-model-versions tags.validated = 'true' over 10,000: %d found in %.1f ms%n",
                        found, (System.nanoTime() - t0) / 1e6);
            }
        }
    }

    /** Pages through a series as the mlflow client does (25,000 per request), resuming after each page's end. */
    private static int readAll(LakeMetricStore store, String runId, String key) {
        int count = 0;
        MetricPoint after = null;
        while (true) {
            int page = 0;
            try (MetricCursor cursor = store.series(runId, key, Long.MIN_VALUE,
                    Long.MAX_VALUE, after)) {
                while (page < 25_000 && cursor.hasNext()) {
                    after = cursor.next();
                    page++;
                }
            }
            count += page;
            if (page < 25_000) {
                return count;
            }
        }
    }

    private static double curve(int k, int step) {
        return (1.0 + 0.1 * k) * Math.exp(-step / 20_000.0) + 0.001 * Math.sin(step / 7.0);
    }

    private long lakeBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("lake"))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

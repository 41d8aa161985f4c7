package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.local.DiskSpace;
import dev.mlops.core.local.LocalMetricStore;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.LakeManifest.LakeFile;
import dev.mlops.core.metric.PointBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** A local buffer and a file:// lake under one temp directory, with a clock tests move by hand. */
final class LocalLake {

    static final String EXPERIMENT = "7";

    final Path dir;
    final LocalMetricStore buffer;
    final LakeLayout layout;
    final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    LocalLake(Path dir) {
        this.dir = dir;
        this.buffer = new LocalMetricStore(dir, new DiskSpace(dir, 0, DiskSpace.FILE_STORE));
        this.layout = new LakeLayout(new org.apache.hadoop.fs.Path(dir.resolve("lake").toUri()));
    }

    MetricFlusher flusher(MetricFlusher.Settings settings, MetricFlusher.StepHook hook) {
        return new MetricFlusher(buffer, layout, LakeConfiguration.local(), run -> Optional.of(EXPERIMENT), settings,
                hook, clock);
    }

    MetricFlusher flusher() {
        return flusher(MetricFlusher.Settings.DEFAULT, MetricFlusher.StepHook.NONE);
    }

    LakeMetricStore store() {
        return new LakeMetricStore(buffer, layout, LakeConfiguration.local());
    }

    /** The run's logical content, without any merging: rows of committed files, then uncovered buffered points. */
    List<MetricPoint> logicalContent(String runId) {
        List<MetricPoint> all = new ArrayList<>();
        BufferSnapshot snapshot = buffer.snapshot(runId);
        MetricFileReader reader = new MetricFileReader(LakeConfiguration.local());
        for (LakeFile file : snapshot.manifest().files()) {
            try (MetricFileReader.Cursor rows = reader.readAll(layout.resolve(file.name()), runId)) {
                rows.forEachRemaining(all::add);
            }
        }
        for (PointBatch batch : snapshot.uncovered()) {
            batch.forEach(all::add);
        }
        return all;
    }

    /** Every part file on disk for the run, listed or not. */
    List<String> partFiles(String runId) {
        Path runDir = dir.resolve("lake").resolve("experiment_id=" + EXPERIMENT).resolve("run_id=" + runId);
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(runDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> listedFiles(String runId) {
        return buffer.manifest(runId).files().stream()
                .map(f -> f.name().substring(f.name().lastIndexOf('/') + 1)).sorted().toList();
    }
}

package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.HistoryPage;
import dev.mlops.core.metric.LakeManifest.LakeFile;
import dev.mlops.core.metric.LookaheadCursor;
import dev.mlops.core.metric.MergedCursor;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.core.port.MetricStore;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;

/**
 * The metric store the services use once a lake is configured: appends go to the durable buffer, reads merge the
 * run's committed lake files with its unflushed batches. Buffer first, then manifest (one {@link BufferSnapshot}),
 * then the files that manifest lists: a flush running meanwhile can only move points from the first to the last.
 * Each file is read with the key and step range pushed down, so memory holds a page per file whatever the history.
 */
public final class LakeMetricStore implements MetricStore {

    private final MetricBuffer buffer;
    private final LakeLayout layout;
    private final MetricFileReader reader;

    public LakeMetricStore(MetricBuffer buffer, LakeLayout layout, Configuration conf) {
        this.buffer = buffer;
        this.layout = layout;
        this.reader = new MetricFileReader(conf);
    }

    public MetricBuffer buffer() {
        return buffer;
    }

    @Override
    public long append(String experimentId, String runId, List<MetricPoint> points) {
        return buffer.append(experimentId, runId, points);
    }

    @Override
    public MetricCursor series(String runId, String key, long minStep, long maxStep, MetricPoint after) {
        for (int attempt = 1; ; attempt++) {
            try {
                return open(runId, key, minStep, maxStep, after);
            } catch (LakeFileException e) {
                if (!Guarded.vanished(e) || attempt >= Guarded.REOPENS) {
                    throw unreadable(e);
                }
            }
        }
    }

    /** One snapshot's sources, merged; a file a compaction deleted since the snapshot fails with its name. */
    private MetricCursor open(String runId, String key, long minStep, long maxStep, MetricPoint after) {
        BufferSnapshot snapshot = buffer.snapshot(runId);
        long from = after == null ? minStep : Math.max(minStep, after.step());
        List<MetricCursor> sources = new ArrayList<>();
        try {
            for (LakeFile file : snapshot.manifest().files()) {
                sources.add(reader.read(layout.resolve(file.name()), runId, key, from, maxStep));
            }
            sources.add(buffered(snapshot.uncovered(), key, from, maxStep, after));
            return new Guarded(MergedCursor.of(sources), after,
                    position -> series(runId, key, minStep, maxStep, position));
        } catch (LakeFileException e) {
            sources.forEach(Guarded::closeQuietly);
            throw e;
        }
    }

    private static MetricCursor buffered(List<PointBatch> batches, String key, long minStep, long maxStep,
                                         MetricPoint after) {
        List<MetricPoint> points = new ArrayList<>();
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        for (PointBatch batch : batches) {
            PointBatch.decode(batch.payload(), keyBytes, key, p -> {
                if (p.step() >= minStep && p.step() <= maxStep) {
                    points.add(p);
                }
            });
        }
        return HistoryPage.cursor(points, after);
    }

    private static StorageFailureException unreadable(LakeFileException e) {
        return new StorageFailureException("The metric lake file " + e.file() + " cannot be read ("
                + e.getCause().getMessage() + "); the history is incomplete until it is restored.", e);
    }

    /**
     * Skips points up to {@code after} (files are only pruned to its step). A file that vanished mid-read was
     * replaced by a compaction: the cursor re-opens from a fresh snapshot right after the last point it returned,
     * which continues the same ordered series. Any other failure becomes the store's error, naming the file.
     */
    private static final class Guarded extends LookaheadCursor {
        private static final int REOPENS = 3;

        private final Function<MetricPoint, MetricCursor> reopen;
        private MetricCursor inner;
        private MetricPoint after;
        private MetricPoint last;
        private int reopened;

        Guarded(MetricCursor inner, MetricPoint after, Function<MetricPoint, MetricCursor> reopen) {
            this.inner = inner;
            this.after = after;
            this.last = after;
            this.reopen = reopen;
        }

        @Override
        protected MetricPoint fetch() {
            while (true) {
                try {
                    while (inner.hasNext()) {
                        MetricPoint p = inner.next();
                        if (after == null || HistoryPage.ORDER.compare(p, after) > 0) {
                            last = p;
                            after = null;
                            return p;
                        }
                    }
                    return null;
                } catch (LakeFileException e) {
                    if (!vanished(e) || reopened++ >= REOPENS) {
                        throw unreadable(e);
                    }
                    closeQuietly(inner);
                    inner = reopen.apply(last);
                    after = null;
                }
            }
        }

        private static boolean vanished(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof FileNotFoundException) {
                    return true;
                }
            }
            return false;
        }

        private static void closeQuietly(MetricCursor cursor) {
            try {
                cursor.close();
            } catch (RuntimeException ignored) {
                // the file is gone already; nothing to release
            }
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}

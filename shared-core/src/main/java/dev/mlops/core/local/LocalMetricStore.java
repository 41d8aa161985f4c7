package dev.mlops.core.local;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.MetricStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metric histories as one durable {@link MetricLog} per run, with the most recently used runs indexed in memory
 * for deduplication and reads. Appends to different runs proceed in parallel; appends to one run are serialised.
 */
public final class LocalMetricStore implements MetricStore {

    private static final int CACHED_RUNS = 64;

    private final Path dir;
    private final DiskSpace diskSpace;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, SeriesIndex> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SeriesIndex> eldest) {
            return size() > CACHED_RUNS;
        }
    };

    public LocalMetricStore(Path dataDir, DiskSpace diskSpace) {
        this.dir = dataDir.resolve("metrics");
        this.diskSpace = diskSpace;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void append(String experimentId, String runId, List<MetricPoint> points) {
        synchronized (lockFor(runId)) {
            SeriesIndex index = index(runId);
            List<MetricPoint> fresh = new ArrayList<>(points.size());
            SeriesIndex batch = new SeriesIndex();
            for (MetricPoint p : points) {
                if (!index.contains(p) && batch.add(p)) {
                    fresh.add(p);
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            diskSpace.require(MetricLog.frameSize(fresh), fresh.size() + " metric points");
            MetricLog.append(logFile(runId), fresh);
            fresh.forEach(index::add);
        }
    }

    @Override
    public List<MetricPoint> read(String runId, String key, long minStep, long maxStep, long offset, int limit) {
        synchronized (lockFor(runId)) {
            return index(runId).read(key, minStep, maxStep, offset, limit);
        }
    }

    private SeriesIndex index(String runId) {
        synchronized (cache) {
            SeriesIndex cached = cache.get(runId);
            if (cached != null) {
                return cached;
            }
        }
        SeriesIndex loaded = new SeriesIndex();
        MetricLog.read(logFile(runId), loaded::add);
        synchronized (cache) {
            cache.put(runId, loaded);
        }
        return loaded;
    }

    private Path logFile(String runId) {
        return dir.resolve(runId + ".log");
    }

    private Object lockFor(String runId) {
        return locks.computeIfAbsent(runId, id -> new Object());
    }
}

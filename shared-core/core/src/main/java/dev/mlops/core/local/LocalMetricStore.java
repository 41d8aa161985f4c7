package dev.mlops.core.local;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.metric.HistoryPage;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.port.MetricStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metric histories as one durable {@link MetricLog} per run. Memory stays small whatever the history size: the
 * store keeps only the digests of the batches each run has logged, so a retried request is recognised and not
 * appended again. Points that overlap an earlier batch only in part are stored, and reads merge identical points,
 * so every point is seen once. Appends to one run are serialised; different runs proceed in parallel.
 */
public final class LocalMetricStore implements MetricStore {

    private final Path dir;
    private final DiskSpace diskSpace;
    private final Map<String, Set<String>> batchesByRun = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

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
        if (points.isEmpty()) {
            return;
        }
        PointBatch batch = PointBatch.encode(points);
        synchronized (lockFor(runId)) {
            Set<String> seen = batches(runId);
            if (seen.contains(batch.digest())) {
                return;
            }
            diskSpace.require(MetricLog.HEADER + batch.sizeBytes(), batch.count() + " metric points");
            MetricLog.append(logFile(runId), batch);
            seen.add(batch.digest());
        }
    }

    @Override
    public List<MetricPoint> read(String runId, String key, long minStep, long maxStep, long offset, int limit) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        List<MetricPoint> series = new ArrayList<>();
        synchronized (lockFor(runId)) {
            MetricLog.readFrames(logFile(runId), payload -> PointBatch.decode(payload, keyBytes, key, p -> {
                if (p.step() >= minStep && p.step() <= maxStep) {
                    series.add(p);
                }
            }));
        }
        return HistoryPage.of(series, offset, limit);
    }

    private Set<String> batches(String runId) {
        return batchesByRun.computeIfAbsent(runId, id -> {
            Set<String> digests = new HashSet<>();
            MetricLog.readFrames(logFile(id), payload -> digests.add(PointBatch.wrap(payload).digest()));
            return digests;
        });
    }

    private Path logFile(String runId) {
        return dir.resolve(runId + ".log");
    }

    private Object lockFor(String runId) {
        return locks.computeIfAbsent(runId, id -> new Object());
    }
}

package dev.mlops.core.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.BufferStats;
import dev.mlops.core.metric.HistoryPage;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.port.MetricBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local metric buffer: one durable {@link MetricLog} per run ({@code metrics/<run>.log}) and the run's lake
 * manifest beside it ({@code metrics/<run>.manifest.json}). Memory stays small whatever the history size: per run
 * the store keeps the digests of the batches it has seen, so a retried request is recognised and not appended
 * again, even after a flush released the batch. Everything for one run happens under that run's lock; different
 * runs proceed in parallel.
 */
public final class LocalMetricStore implements MetricBuffer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOG = ".log";
    private static final String MANIFEST = ".manifest.json";

    /** What the store remembers of a run between calls. */
    private static final class RunState {
        final Set<String> seen = new HashSet<>();
        long bufferedPoints;
        /** Epoch millis since the buffer last went from empty to non-empty or was partly flushed; 0 when empty. */
        long bufferedSince;
    }

    private final Path dir;
    private final DiskSpace diskSpace;
    private final InstantSource clock;
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();
    private final AtomicLong deduplicated = new AtomicLong();

    public LocalMetricStore(Path dataDir, DiskSpace diskSpace) {
        this(dataDir, diskSpace, InstantSource.system());
    }

    public LocalMetricStore(Path dataDir, DiskSpace diskSpace, InstantSource clock) {
        this.dir = dataDir.resolve("metrics");
        this.diskSpace = diskSpace;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long append(String experimentId, String runId, List<MetricPoint> points) {
        PointBatch batch = PointBatch.encode(points);
        synchronized (state(runId)) {
            RunState state = state(runId);
            if (points.isEmpty()) {
                return state.bufferedPoints;
            }
            if (state.seen.contains(batch.digest())) {
                deduplicated.incrementAndGet();
                return state.bufferedPoints;
            }
            diskSpace.require(MetricLog.HEADER + batch.sizeBytes(), batch.count() + " metric points");
            MetricLog.append(logFile(runId), batch);
            state.seen.add(batch.digest());
            if (state.bufferedPoints == 0) {
                state.bufferedSince = clock.millis();
            }
            state.bufferedPoints += batch.count();
            return state.bufferedPoints;
        }
    }

    /** The buffer's logical content only: batches no committed lake file covers. */
    @Override
    public MetricCursor series(String runId, String key, long minStep, long maxStep, MetricPoint after) {
        List<MetricPoint> points = new ArrayList<>();
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        // points before the page's start are never kept: page 4 of a long series holds one page, not four
        long from = after == null ? minStep : Math.max(minStep, after.step());
        for (PointBatch batch : snapshot(runId).uncovered()) {
            PointBatch.decode(batch.payload(), keyBytes, key, p -> {
                if (p.step() >= from && p.step() <= maxStep) {
                    points.add(p);
                }
            });
        }
        return HistoryPage.cursor(points, after);
    }

    @Override
    public List<PendingRun> pendingRuns() {
        List<PendingRun> pending = new ArrayList<>();
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "*" + LOG)) {
            for (Path log : logs) {
                if (Files.size(log) > 0) {
                    String name = log.getFileName().toString();
                    pending.add(new PendingRun(name.substring(0, name.length() - LOG.length()), null));
                }
            }
        } catch (IOException e) {
            throw new StorageFailureException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        return pending;
    }

    @Override
    public BufferSnapshot snapshot(String runId) {
        synchronized (state(runId)) {
            return new BufferSnapshot(batches(runId), manifest(runId));
        }
    }

    @Override
    public LakeManifest manifest(String runId) {
        Path file = manifestFile(runId);
        if (!Files.exists(file)) {
            return LakeManifest.empty(runId);
        }
        try {
            return JSON.readValue(file.toFile(), LakeManifest.class);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read the lake manifest " + file.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean commit(LakeManifest expected, LakeManifest next) {
        synchronized (state(expected.runId())) {
            if (manifest(expected.runId()).version() != expected.version()) {
                return false;
            }
            try {
                AtomicFiles.write(manifestFile(expected.runId()), JSON.writeValueAsBytes(next));
            } catch (JsonProcessingException e) {
                throw new StorageFailureException("Cannot encode the lake manifest of run " + expected.runId(), e);
            }
            return true;
        }
    }

    @Override
    public void release(String runId, Collection<String> batchIds) {
        Set<String> released = Set.copyOf(batchIds);
        synchronized (state(runId)) {
            List<PointBatch> all = batches(runId);
            List<PointBatch> kept = all.stream().filter(b -> !released.contains(b.digest())).toList();
            if (kept.size() == all.size()) {
                return;
            }
            MetricLog.rewrite(logFile(runId), kept);
            RunState state = state(runId);
            state.bufferedPoints = kept.stream().mapToLong(PointBatch::count).sum();
            // What is left arrived during the flush: its wait is counted from now (off by one flush at most).
            state.bufferedSince = kept.isEmpty() ? 0 : clock.millis();
        }
    }

    @Override
    public BufferStats stats() {
        int pending = 0;
        long points = 0;
        long oldest = Long.MAX_VALUE;
        for (PendingRun run : pendingRuns()) {
            RunState state = state(run.runId());
            synchronized (state) {
                if (state.bufferedPoints > 0) {
                    pending++;
                    points += state.bufferedPoints;
                    oldest = Math.min(oldest, state.bufferedSince);
                }
            }
        }
        return new BufferStats(pending, points,
                oldest == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)));
    }

    @Override
    public long deduplicatedBatches() {
        return deduplicated.get();
    }

    /** Forgets what it remembers of every run; the next call reads the restored files. */
    void reload() {
        runs.clear();
    }

    /** Whole batches in append order; payloads are copied because a release may replace the file. */
    private List<PointBatch> batches(String runId) {
        List<PointBatch> batches = new ArrayList<>();
        MetricLog.readFrames(logFile(runId), payload -> {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
            batches.add(PointBatch.wrap(copy));
        });
        return batches;
    }

    private RunState state(String runId) {
        return runs.computeIfAbsent(runId, id -> {
            RunState state = new RunState();
            MetricLog.readFrames(logFile(id), payload -> {
                PointBatch batch = PointBatch.wrap(payload);
                state.seen.add(batch.digest());
                state.bufferedPoints += batch.count();
            });
            state.seen.addAll(manifest(id).coveredBatches());
            if (state.bufferedPoints > 0) {
                state.bufferedSince = createdMillis(logFile(id));
            }
            return state;
        });
    }

    /** A log found at start waits since it was created (its birth time where the file system keeps one). */
    private long createdMillis(Path log) {
        try {
            return Files.readAttributes(log, BasicFileAttributes.class).creationTime().toMillis();
        } catch (IOException e) {
            return clock.millis();
        }
    }

    private Path logFile(String runId) {
        return dir.resolve(runId + LOG);
    }

    private Path manifestFile(String runId) {
        return dir.resolve(runId + MANIFEST);
    }
}

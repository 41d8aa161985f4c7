package dev.mlops.core.port;

import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.BufferStats;
import dev.mlops.core.metric.LakeManifest;
import java.util.Collection;
import java.util.List;

/**
 * The durable buffer behind log-batch, as the flush sees it: batches stored whole under their digest, plus each
 * run's {@link LakeManifest}. Reads of a buffer alone ({@link MetricStore#series}) cover only unflushed points; the
 * lake module composes buffer and lake into the store the services use.
 */
public interface MetricBuffer extends MetricStore {

    /** A run with buffered batches; {@code experimentId} is null when the buffer does not record it. */
    record PendingRun(String runId, String experimentId) {
    }

    List<PendingRun> pendingRuns();

    /** The run's batches, then its manifest, in that order (see {@link BufferSnapshot}). */
    BufferSnapshot snapshot(String runId);

    LakeManifest manifest(String runId);

    /** Stores {@code next} if the stored manifest still has {@code expected}'s version; false if another won. */
    boolean commit(LakeManifest expected, LakeManifest next);

    /**
     * Removes batches that a committed file covers. A released batch stays recognised for a while, so a late
     * client retry of it is not buffered again.
     */
    void release(String runId, Collection<String> batchIds);

    /** Runs, points and the oldest wait in the buffer now, for the lake health check and the buffer gauges. */
    BufferStats stats();

    /** Log calls (or parts of one) recognised as already stored and not buffered again, since this store opened. */
    long deduplicatedBatches();
}

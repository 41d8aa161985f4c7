package dev.mlops.core.metric;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a run's buffer held at one moment, read batches first and manifest second. That order is what makes the
 * snapshot safe against a concurrent flush: a flush commits before it releases, so a batch that was already gone
 * when the batches were read is covered by the (later-read) manifest.
 */
public record BufferSnapshot(List<PointBatch> batches, LakeManifest manifest) {

    public BufferSnapshot {
        batches = List.copyOf(batches);
    }

    public Set<String> batchIds() {
        return batches.stream().map(PointBatch::digest).collect(Collectors.toSet());
    }

    /** Batches not yet in any committed file: the buffer's logical content. */
    public List<PointBatch> uncovered() {
        Set<String> covered = manifest.coveredBatches();
        return batches.stream().filter(b -> !covered.contains(b.digest())).toList();
    }
}

package dev.mlops.core.recovery;

import java.util.List;

/**
 * What a running restore has done so far, persisted before it changes anything. A second run of the same restore
 * reads it and goes on; a restore of another snapshot is refused while it exists.
 */
public record RestoreJournal(String snapshotId, String safetySnapshotId, long startedAt, List<String> partsDone) {

    public RestoreJournal {
        partsDone = partsDone == null ? List.of() : List.copyOf(partsDone);
    }

    public static RestoreJournal start(String snapshotId, long now) {
        return new RestoreJournal(snapshotId, null, now, List.of());
    }

    public RestoreJournal withSafety(String id) {
        return new RestoreJournal(snapshotId, id, startedAt, partsDone);
    }

    public RestoreJournal withPartDone(String part) {
        List<String> done = new java.util.ArrayList<>(partsDone);
        if (!done.contains(part)) {
            done.add(part);
        }
        return new RestoreJournal(snapshotId, safetySnapshotId, startedAt, done);
    }
}

package dev.mlops.core.recovery;

import java.util.List;
import java.util.Map;

/**
 * One kind of state as snapshots see it: a directory of the local data dir, a DynamoDB table, a prefix of the S3
 * bucket. A new kind of state (an audit log, a search index) is one more provider in the backend's list; manifest,
 * root digest, verify, restore and retention iterate over providers and need no change.
 *
 * <p>Optional abilities are separate interfaces: {@link RestoresEntries} (single-object recovery),
 * {@link KeepsVersions} (S3 object versions), {@link Quarantines} (moving a stray object aside) and
 * {@link CollectsGarbage} (freeing what no retained snapshot references).
 */
public interface PartProvider {

    String name();

    /** Recorded in the manifest: {@code file-tree}, {@code dynamodb-table}, {@code s3-objects}. */
    String provider();

    /**
     * Records what is there now. Called while writes are fenced, so it must be quick: hold on to the content
     * (stage a hard link, note a version id, read items) and leave hashing and copying to {@link Capture#finish}.
     */
    Capture capture();

    /** A capture taken under the fence, finished after the fence is lowered. */
    interface Capture {
        /** Hashes and stores what the capture holds; returns the entries, in any order. */
        List<PartEntry> finish(SnapshotStore store);

        /** Frees what the capture holds when the snapshot is abandoned. */
        default void abandon() {
        }
    }

    /** The live content as entries, hashed as a capture would, without storing anything. */
    List<PartEntry> live();

    /** Counts by kind (experiments, runs, lake files, bytes...) for the manifest. */
    Map<String, Long> counts(List<PartEntry> entries, SnapshotStore store);

    /** Re-reads the bytes every object entry references and returns what does not match (empty: all good). */
    List<String> verifyObjects(List<PartEntry> entries, SnapshotStore store);

    /**
     * Makes the live state equal to the entries: writes what differs or is missing, removes what the entries do not
     * have. Idempotent, so a second run after a crash converges. Returns how many entries it wrote and removed.
     */
    RestoreCount restore(List<PartEntry> entries, SnapshotStore store);

    record RestoreCount(long written, long removed) {
    }

    /** Writes just these entries back (no removals): single-object recovery. */
    interface RestoresEntries {
        void restoreEntries(List<PartEntry> entries, SnapshotStore store);
    }

    /** Storage that keeps earlier versions of an object (the S3 bucket's versioning). */
    interface KeepsVersions {
        /** Every version of the object at {@code path}, newest first, the current one included, with SHA-256. */
        List<PartEntry> versions(String path);

        /** Makes a stored version the current one again (a copy onto the same key). */
        void makeCurrent(PartEntry version);
    }

    /** Moves one live object out of the way without destroying its bytes; returns where it went. */
    interface Quarantines {
        String quarantine(String path);
    }

    /** Frees storage the part itself holds that no retained snapshot references (S3 noncurrent versions). */
    interface CollectsGarbage {
        long collect(List<List<PartEntry>> retained, long nowMillis);
    }
}

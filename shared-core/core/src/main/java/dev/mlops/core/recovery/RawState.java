package dev.mlops.core.recovery;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The backend's storage below the services, addressed by part name and path as snapshots address it. Verify reads
 * through it; the incident simulator damages through it, the way a disk fault or a careless hand would.
 */
public interface RawState {

    /** An object's bytes now, or empty when there is none. */
    Optional<InputStream> open(String part, String path);

    /** Objects under a prefix, recursively, with size and last modification (epoch millis). */
    List<ObjectInfo> list(String part, String prefix);

    record ObjectInfo(String path, long size, long lastModified) {
    }

    /** Replaces the bytes, in place where the medium allows it (a local file keeps its inode). */
    void overwrite(String part, String path, byte[] content);

    void delete(String part, String path);

    /** Removes a record the way a hand would: locally its file, on AWS every item of its partition. */
    void deleteRecord(RecordRef ref);

    /** Sets an object's modification time back, where the medium allows (not on S3); returns whether it did. */
    boolean backdate(String part, String path, long millis);

    /** Makes a run's buffered batches look as if they had waited since {@code millis}; returns whether any did. */
    boolean backdateBuffer(String runId, long millis);
}

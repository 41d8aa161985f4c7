package dev.mlops.core.recovery;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where snapshots live: part documents stored by content, and manifests by id. Locally
 * {@code <data-dir>/snapshots/}, which also holds the copied objects; on AWS {@code s3://<bucket>/snapshots/}.
 */
public interface SnapshotStore {

    /** Stores a part document unless a document with its digest is there; returns the digest. */
    String putDocument(byte[] document);

    /** The document with that digest, as stored; throws StorageFailureException when it is missing. */
    byte[] readDocument(String sha256);

    /** Commits a snapshot: after this call it is listed. */
    void putManifest(SnapshotManifest manifest);

    Optional<SnapshotManifest> manifest(String id);

    /** Every snapshot, newest first. Manifests that cannot be read are skipped and reported by verify. */
    List<SnapshotManifest> manifests();

    void deleteManifest(String id);

    /**
     * Deletes stored documents and objects whose digest is not in {@code keep} (everything retained snapshots
     * still reference); returns how many bytes were freed.
     */
    long collectGarbage(Set<String> keep);

    /** Bytes the store holds now (documents and copied objects), for the size overhead figures. */
    long storedBytes();
}

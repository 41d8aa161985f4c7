package dev.mlops.core.ingest;

/** What became of one S3 event record. {@code key} is the decoded key when it could be decoded, else as sent. */
public sealed interface IngestionOutcome {

    String bucket();

    String key();

    /**
     * The object is now version {@code version} of model {@code name} (the same one on redelivery).
     * {@code objectVersion} is the S3 version id, null for unversioned buckets.
     */
    record Accepted(String bucket, String key, String objectVersion, String name, int version, String sha256,
                    long size) implements IngestionOutcome {
    }

    /** Nothing to do, and nothing wrong: sidecars, folder markers, other event types, superseded uploads. */
    record Skipped(String bucket, String key, String reason) implements IngestionOutcome {
    }

    /**
     * The record was refused or could not be finished. {@code retryable} failures (storage unavailable, outcome
     * unknown) may succeed on redelivery; the others will fail the same way again.
     */
    record Failed(String bucket, String key, String reason, boolean retryable) implements IngestionOutcome {
    }
}

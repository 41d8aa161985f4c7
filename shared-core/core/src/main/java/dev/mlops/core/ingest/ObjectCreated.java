package dev.mlops.core.ingest;

/**
 * One S3 ObjectCreated notification record, as delivered: {@code eventKey} is still URL-encoded (form encoding,
 * '+' for space) as S3 sends it; {@code versionId} is null for unversioned buckets; {@code eTag} has no quotes;
 * {@code principalId} (who uploaded) may be null. Fields are unchecked: ingestion validates them.
 */
public record ObjectCreated(String eventName, String bucket, String eventKey, long size, String eTag,
                            String versionId, String principalId) {
}

package dev.mlops.core.ingest;

/**
 * What the bucket says about one object now (HeadObject): its size, its version id (null when the bucket is
 * unversioned or versioning is suspended) and its ETag without quotes.
 */
public record ObjectFacts(String bucket, String key, String versionId, String eTag, long size) {
}

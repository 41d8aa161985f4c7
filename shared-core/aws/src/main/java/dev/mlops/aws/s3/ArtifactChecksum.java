package dev.mlops.aws.s3;

/** What {@link S3ArtifactStore#put} recorded about a file: the lowercase hex SHA-256 of its bytes and their count. */
public record ArtifactChecksum(String sha256, long size) {
}

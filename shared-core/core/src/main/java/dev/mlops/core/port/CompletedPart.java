package dev.mlops.core.port;

/** One uploaded part of a multipart upload: its number (1-based) and the ETag its PUT answered with. */
public record CompletedPart(int partNumber, String etag) {
}

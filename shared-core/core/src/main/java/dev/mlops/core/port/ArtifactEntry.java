package dev.mlops.core.port;

/** One listed artifact; {@code path} is relative to the listed root, and {@code size} is null for directories. */
public record ArtifactEntry(String path, boolean isDir, Long size) {
}

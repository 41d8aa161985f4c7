package dev.mlops.core.service;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.domain.ContentId;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.ArtifactEntry;
import dev.mlops.core.port.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The checksum a model version records ({@code mlops.sha256}, {@code mlops.size_bytes}). A single file digests to
 * the SHA-256 of its bytes. A directory digests to the SHA-256 of its manifest: one line
 * {@code <sha256 of file>  <path relative to the directory>\n} per file, sorted by path, which is exactly what
 * {@code find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum} prints, so anyone can
 * verify a download with standard tools. Size is the sum of the file sizes.
 */
public final class ArtifactDigest {

    /** {@code files} is 1 and {@code directory} false when the path names one file. */
    public record Result(String sha256, long sizeBytes, int files, boolean directory, List<String> paths) {
        public Result {
            paths = List.copyOf(paths);
        }
    }

    private ArtifactDigest() {
    }

    /** Digests what lies at {@code path}; empty when there is nothing there. */
    public static Optional<Result> of(ArtifactStore store, ArtifactPath path) {
        List<ArtifactEntry> children = path.isRoot() ? List.of() : store.list(path);
        if (children.isEmpty()) {
            return singleFile(store, path);
        }
        List<String> files = new ArrayList<>();
        collect(store, path, "", files);
        files.sort(null);
        java.util.SortedMap<String, String> hashes = new java.util.TreeMap<>();
        long size = 0;
        for (String relative : files) {
            FileHash hash = hash(store, path.resolve(ArtifactPath.parse(relative)));
            size += hash.size();
            hashes.put(relative, hash.hex());
        }
        return Optional.of(new Result(directoryDigest(hashes), size, files.size(), true, files));
    }

    /**
     * The digest of a directory from its files' digests by relative path: SHA-256 over
     * {@code <sha256>  <relative path>\n} per file in path order. Recovery computes it from a snapshot's entries to
     * find the copies that reproduce a version's registered checksum.
     */
    public static String directoryDigest(java.util.SortedMap<String, String> sha256ByRelativePath) {
        MessageDigest manifest = ContentId.sha256();
        sha256ByRelativePath.forEach((relative, hex) -> manifest.update((hex + "  " + relative + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(manifest.digest());
    }

    private static Optional<Result> singleFile(ArtifactStore store, ArtifactPath path) {
        if (path.isRoot()) {
            return Optional.empty();
        }
        try {
            FileHash hash = hash(store, path);
            return Optional.of(new Result(hash.hex(), hash.size(), 1, false, List.of(path.fileName())));
        } catch (ResourceNotFoundException absent) {
            return Optional.empty();
        }
    }

    private static void collect(ArtifactStore store, ArtifactPath dir, String prefix, List<String> into) {
        for (ArtifactEntry entry : store.list(dir)) {
            String relative = prefix + entry.path();
            if (entry.isDir()) {
                collect(store, dir.resolve(ArtifactPath.parse(entry.path())), relative + "/", into);
            } else {
                into.add(relative);
            }
        }
    }

    private record FileHash(String hex, long size) {
    }

    private static FileHash hash(ArtifactStore store, ArtifactPath file) {
        MessageDigest digest = ContentId.sha256();
        long size = 0;
        try (InputStream in = store.open(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            throw new StorageFailureException("Could not read artifact '" + file + "': " + e.getMessage(), e);
        }
        return new FileHash(HexFormat.of().formatHex(digest.digest()), size);
    }
}

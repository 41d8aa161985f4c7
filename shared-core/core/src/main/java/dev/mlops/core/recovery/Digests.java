package dev.mlops.core.recovery;

import dev.mlops.core.domain.ContentId;
import dev.mlops.core.error.StorageFailureException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Full SHA-256 digests (64 hex digits) for snapshot contents; ContentId's 128-bit ids are for names. */
public final class Digests {

    private Digests() {
    }

    public static String sha256Hex(byte[] bytes) {
        MessageDigest sha = ContentId.sha256();
        return HexFormat.of().formatHex(sha.digest(bytes));
    }

    /** Digests a stream to its end; returns the hex digest and the byte count. */
    public static Hashed sha256(InputStream in) throws IOException {
        MessageDigest sha = ContentId.sha256();
        byte[] buffer = new byte[256 * 1024];
        long size = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            sha.update(buffer, 0, n);
            size += n;
        }
        return new Hashed(HexFormat.of().formatHex(sha.digest()), size);
    }

    public static Hashed sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public record Hashed(String sha256, long size) {
    }
}

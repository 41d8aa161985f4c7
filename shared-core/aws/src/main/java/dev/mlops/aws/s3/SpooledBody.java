package dev.mlops.aws.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * An upload body read once while hashing: kept in memory up to a limit, spilled to a temp file beyond it. The
 * SHA-256 has to be known before the request starts because it travels as object metadata (a header), and a
 * buffered body also lets the SDK resend it on a retry, which a one-shot stream does not.
 */
final class SpooledBody implements AutoCloseable {

    private final byte[] memory;
    private final Path file;
    private final long size;
    private final byte[] sha256;

    private SpooledBody(byte[] memory, Path file, long size, byte[] sha256) {
        this.memory = memory;
        this.file = file;
        this.size = size;
        this.sha256 = sha256;
    }

    static SpooledBody read(InputStream in, int memoryLimit) throws IOException {
        MessageDigest digest = sha256();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(Math.min(memoryLimit, 64 * 1024));
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) != -1) {
            digest.update(chunk, 0, n);
            total += n;
            if (total > memoryLimit) {
                return spill(in, buffer, chunk, n, total, digest);
            }
            buffer.write(chunk, 0, n);
        }
        return new SpooledBody(buffer.toByteArray(), null, total, digest.digest());
    }

    private static SpooledBody spill(InputStream in, ByteArrayOutputStream head, byte[] chunk, int pending,
                                     long total, MessageDigest digest) throws IOException {
        Path temp = Files.createTempFile("artifact-", ".upload");
        try (OutputStream out = Files.newOutputStream(temp)) {
            head.writeTo(out);
            out.write(chunk, 0, pending);
            int n;
            while ((n = in.read(chunk)) != -1) {
                digest.update(chunk, 0, n);
                total += n;
                out.write(chunk, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return new SpooledBody(null, temp, total, digest.digest());
    }

    long size() {
        return size;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    String sha256Base64() {
        return Base64.getEncoder().encodeToString(sha256);
    }

    boolean spilled() {
        return file != null;
    }

    /** The temp file, or null while the body is in memory. */
    Path file() {
        return file;
    }

    RequestBody requestBody() {
        return file != null ? RequestBody.fromFile(file) : RequestBody.fromBytes(memory);
    }

    /** Quiet: the upload's outcome does not depend on removing the temp file. */
    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}

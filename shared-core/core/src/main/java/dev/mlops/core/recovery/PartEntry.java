package dev.mlops.core.recovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Comparator;

/**
 * One line of a part document. An object entry names a file or S3 object by {@code path} with its size and SHA-256,
 * and on S3 the {@code version} id that holds those bytes. A record entry (a DynamoDB item) carries its content in
 * {@code body}, and {@code sha256} is the digest of that body. Entries sort by path, so a document's bytes depend
 * only on the state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"path", "size", "sha256", "version", "body"})
public record PartEntry(String path, long size, String sha256, String version, String body) {

    public static final Comparator<PartEntry> BY_PATH = Comparator.comparing(PartEntry::path);

    public static PartEntry object(String path, long size, String sha256, String version) {
        return new PartEntry(path, size, sha256, version, null);
    }

    public static PartEntry record(String key, String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new PartEntry(key, bytes.length, Digests.sha256Hex(bytes), null, body);
    }

    /** Same bytes at the same path, whatever version holds them: what a restore must reproduce. */
    public boolean sameContent(PartEntry other) {
        return path.equals(other.path) && size == other.size && sha256.equals(other.sha256);
    }
}

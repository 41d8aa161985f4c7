package dev.mlops.core.domain;

import dev.mlops.core.error.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;

/**
 * A relative artifact path that cannot escape its root: no absolute paths, no {@code ..} or {@code .} segments (also
 * not once percent-decoded, as MLflow's {@code validate_path_is_safe} decodes), no {@code #}, backslashes or control
 * characters, and no name longer than 255 bytes (what file systems allow). Stores can join it under their root
 * without further checks. Refusals say {@code Invalid path}, MLflow's words.
 */
public record ArtifactPath(List<String> segments) {

    public static final ArtifactPath ROOT = new ArtifactPath(List.of());
    private static final int MAX_LENGTH = 4096;
    /** The longest file or directory name local file systems (ext4, APFS, NTFS) store. */
    public static final int MAX_NAME_BYTES = 255;

    public ArtifactPath {
        segments = List.copyOf(segments);
    }

    /** Parses a client-supplied path; null or empty names the root. Trailing slashes are ignored. */
    public static ArtifactPath parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return ROOT;
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidParameterException("Invalid path: an artifact path may be at most " + MAX_LENGTH
                    + " characters long.");
        }
        String decoded = decoded(raw);
        if (looksUnsafe(raw) || looksUnsafe(decoded)) {
            throw invalid();
        }
        List<String> parts = new ArrayList<>();
        for (String part : raw.split("/", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new InvalidParameterException("Invalid path: a file or directory name in an artifact path may "
                        + "be at most " + MAX_NAME_BYTES + " bytes long.");
            }
            parts.add(part);
        }
        return new ArtifactPath(parts);
    }

    private static boolean looksUnsafe(String path) {
        if (path.startsWith("/") || path.contains("\\") || path.contains("#") || path.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String part : path.split("/", -1)) {
            if (part.equals("..") || part.equals(".") || part.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return true;
            }
        }
        return false;
    }

    /** Percent-decoded until it stops changing, as MLflow decodes a path before checking it. */
    private static String decoded(String raw) {
        String current = raw;
        for (int i = 0; i < 10 && current.indexOf('%') >= 0; i++) {
            String next;
            try {
                next = java.net.URLDecoder.decode(current.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return current;
            }
            if (next.equals(current)) {
                break;
            }
            current = next;
        }
        return current;
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    public ArtifactPath resolve(ArtifactPath child) {
        List<String> joined = new ArrayList<>(segments);
        joined.addAll(child.segments);
        return new ArtifactPath(joined);
    }

    public boolean startsWith(ArtifactPath prefix) {
        return segments.size() >= prefix.segments.size()
                && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }

    /** The path relative to {@code prefix}, which it must start with. */
    public ArtifactPath relativeTo(ArtifactPath prefix) {
        if (!startsWith(prefix)) {
            throw new IllegalArgumentException(this + " is not under " + prefix);
        }
        return new ArtifactPath(segments.subList(prefix.segments.size(), segments.size()));
    }

    public String fileName() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }

    private static InvalidParameterException invalid() {
        return new InvalidParameterException("Invalid path");
    }
}

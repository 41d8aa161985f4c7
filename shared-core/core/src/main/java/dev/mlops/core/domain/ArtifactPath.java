package dev.mlops.core.domain;

import dev.mlops.core.error.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;

/**
 * A relative artifact path that cannot escape its root: no absolute paths, no {@code ..} or {@code .} segments, no
 * backslashes or control characters. Stores can join it under their root without further checks.
 */
public record ArtifactPath(List<String> segments) {

    public static final ArtifactPath ROOT = new ArtifactPath(List.of());
    private static final int MAX_LENGTH = 4096;

    public ArtifactPath {
        segments = List.copyOf(segments);
    }

    /** Parses a client-supplied path; null or empty names the root. Trailing slashes are ignored. */
    public static ArtifactPath parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return ROOT;
        }
        if (raw.length() > MAX_LENGTH) {
            throw invalid(raw, "is longer than " + MAX_LENGTH + " characters");
        }
        if (raw.startsWith("/") || raw.contains("\\") || raw.matches("^[A-Za-z]:.*")) {
            throw invalid(raw, "must be a relative path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : raw.split("/", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals("..") || part.equals(".")) {
                throw invalid(raw, "must not contain '.' or '..' segments");
            }
            if (part.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw invalid(raw, "must not contain control characters");
            }
            parts.add(part);
        }
        return new ArtifactPath(parts);
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

    private static InvalidParameterException invalid(String raw, String why) {
        return new InvalidParameterException("Invalid artifact path '" + raw + "': it " + why + ".");
    }
}

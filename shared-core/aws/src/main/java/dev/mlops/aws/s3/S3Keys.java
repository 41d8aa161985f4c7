package dev.mlops.aws.s3;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.InvalidParameterException;
import java.nio.charset.StandardCharsets;

/**
 * Maps artifact paths to object keys under {@code <prefix>/}. {@link ArtifactPath#parse} refuses traversal, but the
 * record's constructor does not, so every key is checked again here, before any request can be built from it.
 */
record S3Keys(String bucket, String prefix) {

    /** S3's limit on a key's UTF-8 length. */
    static final int MAX_KEY_BYTES = 1024;

    S3Keys {
        prefix = trimSlashes(prefix == null ? "" : prefix);
    }

    /** The key of a file; the root names no file. */
    String fileKey(ArtifactPath path) {
        validate(path);
        if (path.isRoot()) {
            throw new InvalidParameterException("An artifact needs a file name.");
        }
        return checkLength(base() + path, path);
    }

    /** The listing prefix of a directory, ending in "/" unless it is the whole bucket. */
    String directoryPrefix(ArtifactPath path) {
        validate(path);
        return checkLength(path.isRoot() ? base() : base() + path + "/", path);
    }

    private String base() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    static void validate(ArtifactPath path) {
        for (String segment : path.segments()) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("/")
                    || segment.contains("\\") || segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidParameterException("Invalid artifact path: segment '" + printable(segment)
                        + "' is empty, '.' or '..', or holds a slash, backslash or control character.");
            }
        }
    }

    private static String checkLength(String key, ArtifactPath path) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidParameterException("Artifact path is too long for S3 (" + MAX_KEY_BYTES
                    + " bytes per key including the prefix): '" + abbreviate(path.toString()) + "'.");
        }
        return key;
    }

    private static String trimSlashes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '/') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(start, end);
    }

    private static String printable(String segment) {
        return abbreviate(segment.replaceAll("\\p{Cntrl}", "?"));
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}

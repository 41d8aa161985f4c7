package dev.mlops.core.service;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The path and quoting rules MLflow's validation messages are built on: Python's {@code posixpath.normpath} (a key
 * is refused when it is not already in this form) and {@code json.dumps} of a string.
 */
final class PosixPaths {

    private PosixPaths() {
    }

    /** {@code posixpath.normpath}: no empty or {@code .} segments, {@code ..} folded where it can be, no trailing slash. */
    static String normalize(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        int leading = !path.startsWith("/") ? 0 : path.startsWith("//") && !path.startsWith("///") ? 2 : 1;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            boolean keepDotDot = part.equals("..")
                    && ((leading == 0 && parts.isEmpty()) || (!parts.isEmpty() && parts.peekLast().equals("..")));
            if (!part.equals("..") || keepDotDot) {
                parts.addLast(part);
            } else if (!parts.isEmpty()) {
                parts.removeLast();
            }
        }
        String result = "/".repeat(leading) + String.join("/", parts);
        return result.isEmpty() ? "." : result;
    }
}

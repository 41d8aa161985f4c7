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

    /** A JSON string literal, as Python's json.dumps writes it (non-ASCII escaped as {@code \\uXXXX}). */
    static String jsonString(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

package dev.mlops.core.service;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A URI split the way Python's {@code urllib.parse.urlparse} splits it, because MLflow's server decides which
 * artifact locations and model version sources it accepts on exactly those parts. {@code java.net.URI} is stricter
 * (it refuses spaces and bare {@code %}) and would refuse things MLflow accepts, and accept differently.
 */
record UriParts(String scheme, String netloc, String path, String params, String query, String fragment) {

    /** Python's {@code uses_params}: the schemes whose last path segment may carry {@code ;params}. */
    private static final Set<String> USES_PARAMS = Set.of("", "ftp", "hdl", "prospero", "http", "imap", "https",
            "shttp", "rtsp", "rtspu", "sip", "sips", "mms", "sftp", "tel");
    private static final String SCHEME_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.";

    static UriParts parse(String uri) {
        String rest = uri;
        String scheme = "";
        int colon = rest.indexOf(':');
        if (colon > 0 && isAsciiLetter(rest.charAt(0))
                && rest.substring(0, colon).chars().allMatch(c -> SCHEME_CHARS.indexOf(c) >= 0)) {
            scheme = rest.substring(0, colon).toLowerCase(Locale.ROOT);
            rest = rest.substring(colon + 1);
        }
        String netloc = "";
        if (rest.startsWith("//")) {
            int end = rest.length();
            for (char stop : new char[] {'/', '?', '#'}) {
                int at = rest.indexOf(stop, 2);
                if (at >= 0) {
                    end = Math.min(end, at);
                }
            }
            netloc = rest.substring(2, end);
            rest = rest.substring(end);
        }
        String fragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
        }
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String params = "";
        if (USES_PARAMS.contains(scheme)) {
            int lastSlash = rest.lastIndexOf('/');
            int semicolon = rest.indexOf(';', Math.max(lastSlash, 0));
            if (semicolon >= 0) {
                params = rest.substring(semicolon + 1);
                rest = rest.substring(0, semicolon);
            }
        }
        return new UriParts(scheme, netloc, rest, params, query, fragment);
    }

    /** The host, lowercased, without user info or port; empty when there is none. */
    String hostname() {
        String host = netloc.substring(netloc.lastIndexOf('@') + 1);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return (close < 0 ? host.substring(1) : host.substring(1, close)).toLowerCase(Locale.ROOT);
        }
        int colon = host.indexOf(':');
        return (colon < 0 ? host : host.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /** The port; empty when none is given. Throws IllegalArgumentException for a port that is not one. */
    OptionalInt port() {
        String host = netloc.substring(netloc.lastIndexOf('@') + 1);
        int close = host.startsWith("[") ? host.indexOf(']') : -1;
        int colon = host.indexOf(':', Math.max(close, 0));
        if (colon < 0 || colon == host.length() - 1) {
            return OptionalInt.empty();
        }
        String digits = host.substring(colon + 1);
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 5
                || Integer.parseInt(digits) > 65535) {
            throw new IllegalArgumentException("Port could not be cast to integer value");
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    /** Python's {@code unquote}, applied until the text stops changing ({@code %252e} is a dot too). */
    static String unquoteFully(String text, boolean plusIsSpace) {
        String current = text;
        for (int i = 0; i < 32; i++) {
            String next = unquote(plusIsSpace ? current.replace('+', ' ') : current);
            if (next.equals(current)) {
                return next;
            }
            current = next;
        }
        return current;
    }

    /** Percent-decoding that, like Python's, leaves a malformed escape as it is. */
    static String unquote(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length
                    && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

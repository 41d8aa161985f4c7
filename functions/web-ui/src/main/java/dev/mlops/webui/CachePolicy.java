package dev.mlops.webui;

import java.util.regex.Pattern;

/**
 * Cache-Control for the UI's files. The build names its bundles by content hash ({@code main.c2f5f8d4.js},
 * {@code 1300.13093132.chunk.css}), so those never change under their name and are cached for a year as immutable;
 * the few unhashed files (favicon, manifest) for an hour; {@code index.html}, which names the current bundles, is
 * revalidated on every load so a new UI version shows at once.
 */
final class CachePolicy {

    static final String INDEX = "no-cache";
    static final String HASHED = "public, max-age=31536000, immutable";
    static final String UNHASHED = "public, max-age=3600";

    /** A dot- or dash-separated run of 8+ hex digits in the file name: how webpack marks content hashes. */
    private static final Pattern CONTENT_HASH = Pattern.compile("(^|[.-])[0-9a-f]{8,}([.-]|$)");

    private CachePolicy() {
    }

    static String forPath(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals("index.html")) {
            return INDEX;
        }
        return CONTENT_HASH.matcher(name).find() ? HASHED : UNHASHED;
    }
}

package dev.mlops.core.service;

import java.util.Locale;
import java.util.Optional;

/**
 * A {@code models:/} URI as MLflow's {@code _parse_model_uri} reads it: {@code models:/<model id>} (a logged model),
 * {@code models:/<name>/<version>}, {@code models:/<name>/<stage>}, {@code models:/<name>/latest} or
 * {@code models:/<name>@<alias>}. Exactly one of the optional parts is set, none for "latest".
 */
record ModelsUri(String modelId, String name, String version, String stage, String alias) {

    /** Empty when the text is not a well-formed {@code models:/} URI. */
    static Optional<ModelsUri> parse(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        UriParts parts = UriParts.parse(uri);
        // MLflow parses these without fragments: a '#' is part of the name.
        String path = parts.fragment().isEmpty() ? parts.path() : parts.path() + "#" + parts.fragment();
        if (!parts.scheme().equals("models") || !path.startsWith("/") || path.length() <= 1) {
            return Optional.empty();
        }
        String[] segments = path.replaceFirst("^/+", "").split("/", -1);
        if (segments.length > 2 || segments[0].isBlank()) {
            return Optional.empty();
        }
        if (segments.length == 2) {
            String suffix = segments[1];
            if (suffix.isBlank()) {
                return Optional.empty();
            }
            if (suffix.chars().allMatch(Character::isDigit)) {
                return Optional.of(new ModelsUri(null, segments[0], suffix, null, null));
            }
            if (suffix.toLowerCase(Locale.ROOT).equals("latest")) {
                return Optional.of(new ModelsUri(null, segments[0], null, null, null));
            }
            return Optional.of(new ModelsUri(null, segments[0], null, suffix, null));
        }
        if (path.contains("@")) {
            int at = segments[0].lastIndexOf('@');
            String alias = segments[0].substring(at + 1);
            if (alias.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new ModelsUri(null, segments[0].substring(0, at), null, null, alias));
        }
        return Optional.of(new ModelsUri(segments[0], null, null, null, null));
    }
}

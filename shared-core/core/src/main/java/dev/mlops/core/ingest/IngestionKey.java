package dev.mlops.core.ingest;

import dev.mlops.core.error.InvalidParameterException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An object key under the ingestion prefix, split into model name and file: {@code <prefix><name>/<file...>}.
 * {@code sidecar} marks a {@code <model-file>.mlops.json} metadata object, which is read with its model file and is
 * never a version of its own.
 */
public record IngestionKey(String key, String modelName, String file, boolean sidecar) {

    public static final String SIDECAR_SUFFIX = ".mlops.json";

    /** A percent-escape that still spells '.', '/' or '\' after S3's one level of decoding: double encoding. */
    private static final Pattern ENCODED_SEPARATOR = Pattern.compile("%(2e|2f|5c)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** The key as stored: S3 notifications URL-encode it with form encoding ('+' is a space). */
    public static String decodeEventKey(String eventKey) {
        if (eventKey == null || eventKey.isEmpty()) {
            throw new InvalidParameterException("The event record has no object key.");
        }
        try {
            return URLDecoder.decode(eventKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("Object key '" + eventKey + "' is not validly URL-encoded.", e);
        }
    }

    /** The sidecar key that describes {@code modelFileKey}. */
    public static String sidecarKeyFor(String modelFileKey) {
        return modelFileKey + SIDECAR_SUFFIX;
    }

    /**
     * Splits a decoded key. Refuses traversal (".." or "." segments, double-encoded separators, backslashes, absolute
     * keys, empty segments, control characters), keys outside {@code prefix} and names MLflow would refuse.
     */
    public static IngestionKey parse(String key, String prefix) {
        if (key.startsWith("/") || key.contains("\\")) {
            throw refused(key, "absolute keys and backslashes are not allowed");
        }
        if (ENCODED_SEPARATOR.matcher(key).find()) {
            throw refused(key, "it holds a percent-encoded '.', '/' or '\\' (double-encoded path)");
        }
        if (CONTROL.matcher(key).find()) {
            throw refused(key, "it holds control characters");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw refused(key, "'.' and '..' segments are not allowed");
            }
        }
        if (!key.startsWith(prefix)) {
            throw refused(key, "it is outside the ingestion prefix '" + prefix + "'");
        }
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw refused(key, "expected " + prefix + "<model-name>/<file>");
        }
        if (rest.contains("//")) {
            throw refused(key, "empty path segments are not allowed");
        }
        String name = modelName(key, rest.substring(0, slash));
        String file = rest.substring(slash + 1);
        return new IngestionKey(key, name, file, file.toLowerCase(Locale.ROOT).endsWith(SIDECAR_SUFFIX));
    }

    /** The file's type from its extension ("onnx", "pkl", "tar.gz"), or null without one. */
    public String artifactType() {
        String base = file.substring(file.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (base.endsWith(".tar.gz") && base.length() > ".tar.gz".length()) {
            return "tar.gz";
        }
        int dot = base.lastIndexOf('.');
        return dot > 0 && dot < base.length() - 1 ? base.substring(dot + 1) : null;
    }

    /** MLflow's registered-model name rules (mlflow.utils.validation._validate_model_name). */
    private static String modelName(String key, String name) {
        if (name.isBlank()) {
            throw refused(key, "the model name is blank");
        }
        if (name.contains(":")) {
            throw refused(key, "invalid model name '" + name + "': names cannot contain '/' or ':'");
        }
        return name;
    }

    private static InvalidParameterException refused(String key, String why) {
        return new InvalidParameterException("Object key '" + key + "' cannot be ingested: " + why + ".");
    }
}

package dev.mlops.api.artifact;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Content-Type an artifact download is sent with, following MLflow's server: the text formats MLflow lists
 * (configs, logs, code, JSON, YAML, CSV, MLmodel, MLproject ...) as {@code text/plain}, well-known binary formats by
 * extension, everything else as {@code application/octet-stream}. One deliberate difference: formats a browser would
 * render as active content (HTML, SVG, XHTML) are sent as {@code text/plain}, where MLflow sends {@code text/html}
 * or {@code image/svg+xml}; together with nosniff and an attachment disposition an artifact is never rendered on the
 * server's origin.
 */
public final class ArtifactContentTypes {

    public static final String TEXT = "text/plain";
    public static final String BINARY = "application/octet-stream";

    /** MLflow's text extensions ({@code mlflow.utils.mime_type_utils}), plus the active formats we defuse. */
    private static final Set<String> TEXT_EXTENSIONS = Set.of(
            "txt", "log", "err", "cfg", "conf", "cnf", "cf", "ini", "properties", "prop", "hocon", "toml", "yaml",
            "yml", "xml", "json", "js", "py", "py3", "csv", "tsv", "md", "rst", "ipynb",
            "html", "htm", "xhtml", "shtml", "svg", "svgz", "xsl", "xslt", "mht", "mhtml");

    /** Files MLflow treats as text by their whole name. */
    private static final Set<String> TEXT_NAMES = Set.of("mlmodel", "mlproject");

    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("bmp", "image/bmp"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("tif", "image/tiff"),
            Map.entry("tiff", "image/tiff"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"),
            Map.entry("tar", "application/x-tar"),
            Map.entry("css", "text/css"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/x-wav"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"));

    private ArtifactContentTypes() {
    }

    /** The type for a file name (the last path segment). */
    public static String of(String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        if (extension.isEmpty()) {
            return TEXT_NAMES.contains(name) ? TEXT : BINARY;
        }
        if (TEXT_EXTENSIONS.contains(extension)) {
            return TEXT;
        }
        return KNOWN.getOrDefault(extension, BINARY);
    }
}

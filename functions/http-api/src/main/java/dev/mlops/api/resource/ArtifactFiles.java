package dev.mlops.api.resource;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.URLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A file download as MLflow's server sends one: always an attachment, never sniffed, text formats as
 * {@code text/plain} (mlflow/utils/mime_type_utils.py), others by extension, else octet-stream.
 */
final class ArtifactFiles {

    private static final Set<String> TEXT = Set.of("txt", "log", "err", "cfg", "conf", "cnf", "cf", "ini",
            "properties", "prop", "hocon", "toml", "yaml", "yml", "xml", "json", "js", "py", "py3", "csv", "tsv",
            "md", "rst", "ipynb", "MLmodel", "MLproject");

    private ArtifactFiles() {
    }

    static Response attachment(String fileName, InputStream content) {
        StreamingOutput body = out -> {
            try (content) {
                content.transferTo(out);
            }
        };
        return Response.ok(body).type(contentType(fileName))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment; filename=\"" + fileName.replace("\"", "")
                        + "\"; filename*=UTF-8''" + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .build();
    }

    static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? fileName : fileName.substring(dot + 1);
        if (TEXT.contains(extension) || TEXT.contains(extension.toLowerCase(Locale.ROOT))) {
            return MediaType.TEXT_PLAIN;
        }
        String guessed = URLConnection.guessContentTypeFromName(fileName);
        return guessed == null || guessed.startsWith("text/html") ? MediaType.APPLICATION_OCTET_STREAM : guessed;
    }
}

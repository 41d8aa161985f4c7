package dev.mlops.api.artifact;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * How every artifact download is answered (get-artifact, model-versions/get-artifact, mlflow-artifacts GET): the
 * bytes streamed as an attachment with MLflow's content type, {@code X-Content-Type-Options: nosniff} and
 * {@code Cache-Control: no-cache}, whatever the request's {@code Accept} header says.
 */
public final class ArtifactDownloads {

    private static final String TOKEN_CHARS =
            "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private ArtifactDownloads() {
    }

    /** A 200 answer streaming {@code content} (closed once sent) as the file {@code path} names. */
    public static Response file(String path, InputStream content) {
        String name = fileName(path);
        StreamingOutput body = out -> {
            try (content) {
                content.transferTo(out);
            }
        };
        return Response.ok(body)
                .header(HttpHeaders.CONTENT_TYPE, ArtifactContentTypes.of(name))
                .header("Content-Disposition", attachment(name))
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    static String fileName(String path) {
        String trimmed = path == null ? "" : path.replaceAll("/+$", "");
        // Paths reach here validated (no control characters); the replacement keeps headers safe regardless.
        return trimmed.substring(trimmed.lastIndexOf('/') + 1).replaceAll("[\\x00-\\x1f\\x7f]", "_");
    }

    /** RFC 6266: a bare token when possible, else quoted; non-ASCII names add an RFC 5987 {@code filename*}. */
    static String attachment(String name) {
        if (name.chars().allMatch(c -> c < 0x80)) {
            return "attachment; filename=" + quoteUnlessToken(name);
        }
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("[^\\x20-\\x7e]", "");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=" + quoteUnlessToken(ascii.isEmpty() ? "download" : ascii)
                + "; filename*=UTF-8''" + encoded;
    }

    private static String quoteUnlessToken(String value) {
        if (!value.isEmpty() && value.chars().allMatch(c -> TOKEN_CHARS.indexOf(c) >= 0)) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

package dev.mlops.api;

import dev.mlops.core.error.ErrorCode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks artifact paths as the client wrote them. The HTTP layer normalises a request path before routing: it folds
 * {@code //tmp/x} to {@code tmp/x} and resolves {@code a/%2e%2e/b} to {@code b}, so the path a resource sees can
 * look harmless when the request was not. MLflow refuses such paths with {@code Invalid path}; so do we, before
 * anything is read or written.
 */
public class RawArtifactPathFilter {

    private static final List<String> MARKERS = List.of("/2.0/mlflow-artifacts/artifacts/",
            "/2.0/mlflow-artifacts/mpu/create/", "/2.0/mlflow-artifacts/mpu/complete/",
            "/2.0/mlflow-artifacts/mpu/abort/", "/2.0/mlflow-artifacts/presigned/");

    @ServerRequestFilter(preMatching = true)
    public Response check(HttpServerRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        for (String marker : MARKERS) {
            int at = path.indexOf(marker);
            if (at >= 0 && unsafe(path.substring(at + marker.length()))) {
                return ErrorResponses.of(ErrorCode.INVALID_PARAMETER_VALUE, "Invalid path");
            }
        }
        return null;
    }

    /** A leading slash, or a {@code .} or {@code ..} segment as written or once decoded (however often). */
    static boolean unsafe(String rawPath) {
        if (rawPath.startsWith("/")) {
            return true;
        }
        String decoded = rawPath;
        for (int i = 0; i < 10; i++) {
            if (hasDotSegment(decoded) || decoded.startsWith("/")) {
                return true;
            }
            String next;
            try {
                next = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return false;
            }
            if (next.equals(decoded)) {
                return false;
            }
            decoded = next;
        }
        return true;
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}

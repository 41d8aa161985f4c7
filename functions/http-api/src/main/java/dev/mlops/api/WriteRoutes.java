package dev.mlops.api;

import java.util.Set;

/**
 * Which HTTP requests change state and so pass the write fence: every POST, PUT, PATCH and DELETE on the MLflow
 * tracking, registry and artifact routes, and the manual flush, except the POSTs that only read (searches, presigned
 * downloads). The operator routes under {@code /api/2.0/mlops/} are not fenced: a restore runs through them.
 */
public final class WriteRoutes {

    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String[] FENCED_PREFIXES = {
        "/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/", "/api/2.0/mlflow-artifacts/", "/ajax-api/2.0/mlflow-artifacts/",
        "/api/2.0/mlops/metrics/flush",
    };
    /** POST routes that read: MLflow's searches take their filter in a body. */
    private static final String[] READ_ONLY_SUFFIXES = {"/search", "/presigned"};

    private WriteRoutes() {
    }

    public static boolean changesState(String method, String path) {
        if (method == null || path == null || !METHODS.contains(method)) {
            return false;
        }
        boolean fenced = false;
        for (String prefix : FENCED_PREFIXES) {
            fenced |= path.startsWith(prefix);
        }
        if (!fenced) {
            return false;
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (String suffix : READ_ONLY_SUFFIXES) {
            if (trimmed.endsWith(suffix) && !trimmed.contains("/mlflow-artifacts/artifacts/")) {
                return false;
            }
        }
        return true;
    }
}

package dev.mlops.api.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a state-changing route by MLflow's RPC name (service.proto, model_registry.proto, webhooks.proto,
 * mlflow_artifacts.proto) and reads the resource ids its path carries. Routes not listed here are still audited,
 * under the name their resource method gives with {@link AuditAction}, else one derived from method and path; POST
 * routes that only read are listed as {@link #READ_ONLY}.
 */
final class AuditActions {

    static final String READ_ONLY = "";

    record Route(String method, Pattern path, String action, List<String> pathResources) {
    }

    /** An action and the typed resources its path named. */
    record Match(String action, List<String> resources) {
    }

    private static final List<Route> ROUTES = new ArrayList<>();

    static {
        String m = "mlflow/";
        post(m + "experiments/create", "CreateExperiment");
        post(m + "experiments/search", READ_ONLY);
        post(m + "experiments/update", "UpdateExperiment");
        post(m + "experiments/delete", "DeleteExperiment");
        post(m + "experiments/restore", "RestoreExperiment");
        post(m + "experiments/set-experiment-tag", "SetExperimentTag");
        post(m + "experiments/delete-experiment-tag", "DeleteExperimentTag");
        post(m + "runs/create", "CreateRun");
        post(m + "runs/update", "UpdateRun");
        post(m + "runs/delete", "DeleteRun");
        post(m + "runs/restore", "RestoreRun");
        post(m + "runs/search", READ_ONLY);
        post(m + "runs/log-metric", "LogMetric");
        post(m + "runs/log-parameter", "LogParam");
        post(m + "runs/set-tag", "SetTag");
        post(m + "runs/delete-tag", "DeleteTag");
        post(m + "runs/log-batch", "LogBatch");
        post(m + "runs/log-inputs", "LogInputs");
        post(m + "runs/outputs", "LogOutputs");
        post(m + "logged-models", "CreateLoggedModel");
        post(m + "logged-models/search", READ_ONLY);
        route("PATCH", m + "logged-models/([^/]+)", "FinalizeLoggedModel", "logged_model/$1");
        route("DELETE", m + "logged-models/([^/]+)", "DeleteLoggedModel", "logged_model/$1");
        route("PATCH", m + "logged-models/([^/]+)/tags", "SetLoggedModelTags", "logged_model/$1");
        route("DELETE", m + "logged-models/([^/]+)/tags/.+", "DeleteLoggedModelTag", "logged_model/$1");
        route("POST", m + "logged-models/([^/]+)/params", "LogLoggedModelParams", "logged_model/$1");
        post(m + "registered-models/create", "CreateRegisteredModel");
        post(m + "registered-models/rename", "RenameRegisteredModel");
        route("PATCH", m + "registered-models/update", "UpdateRegisteredModel");
        route("DELETE", m + "registered-models/delete", "DeleteRegisteredModel");
        post(m + "registered-models/get-latest-versions", READ_ONLY);
        post(m + "registered-models/set-tag", "SetRegisteredModelTag");
        route("DELETE", m + "registered-models/delete-tag", "DeleteRegisteredModelTag");
        post(m + "registered-models/alias", "SetRegisteredModelAlias");
        route("DELETE", m + "registered-models/alias", "DeleteRegisteredModelAlias");
        post(m + "model-versions/create", "CreateModelVersion");
        route("PATCH", m + "model-versions/update", "UpdateModelVersion");
        route("DELETE", m + "model-versions/delete", "DeleteModelVersion");
        post(m + "model-versions/transition-stage", "TransitionModelVersionStage");
        post(m + "model-versions/set-tag", "SetModelVersionTag");
        route("DELETE", m + "model-versions/delete-tag", "DeleteModelVersionTag");
        post(m + "webhooks", "CreateWebhook");
        route("PATCH", m + "webhooks/([^/]+)", "UpdateWebhook", "webhook/$1");
        route("DELETE", m + "webhooks/([^/]+)", "DeleteWebhook", "webhook/$1");
        route("POST", m + "webhooks/([^/]+)/test", "TestWebhook", "webhook/$1");
        route("PUT", "mlflow-artifacts/artifacts/(.+)", "UploadArtifact", "artifact/$1");
        route("DELETE", "mlflow-artifacts/artifacts/(.+)", "DeleteArtifact", "artifact/$1");
        route("POST", "mlflow-artifacts/mpu/create/(.+)", "CreateMultipartUpload", "artifact/$1");
        route("POST", "mlflow-artifacts/mpu/complete/(.+)", "CompleteMultipartUpload", "artifact/$1");
        route("POST", "mlflow-artifacts/mpu/abort/(.+)", "AbortMultipartUpload", "artifact/$1");
        post("mlops/metrics/flush", "FlushMetrics");
    }

    private AuditActions() {
    }

    private static void post(String path, String action) {
        route("POST", path, action);
    }

    private static void route(String method, String path, String action, String... resources) {
        ROUTES.add(new Route(method, Pattern.compile("/(?:api|ajax-api)/2\\.0/" + path + "/?"), action,
                List.of(resources)));
    }

    /** The listed route a request took, if any ({@link #READ_ONLY} as action for reads over POST). */
    static Optional<Match> match(String method, String path) {
        for (Route route : ROUTES) {
            if (!route.method().equals(method)) {
                continue;
            }
            Matcher matcher = route.path().matcher(path);
            if (matcher.matches()) {
                List<String> resources = new ArrayList<>();
                for (String template : route.pathResources()) {
                    resources.add(template.replace("$1", matcher.group(1)));
                }
                return Optional.of(new Match(route.action(), resources));
            }
        }
        return Optional.empty();
    }

    /** A name for a route without one: {@code POST /api/2.0/mlops/models/rollback} gives {@code PostMlopsModelsRollback}. */
    static String derived(String method, String template) {
        StringBuilder name = new StringBuilder(capital(method.toLowerCase(Locale.ROOT)));
        String path = template.replaceFirst("^/?(\\{prefix[^}]*}|api|ajax-api)/2\\.0/", "");
        for (String segment : path.split("[/\\-_]")) {
            if (!segment.isEmpty() && !segment.startsWith("{")) {
                name.append(capital(segment.replaceAll("[^A-Za-z0-9]", "")));
            }
        }
        return name.toString();
    }

    private static String capital(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}

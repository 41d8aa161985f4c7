package dev.mlops.infra;

import static dev.mlops.infra.TemplateJson.map;
import static dev.mlops.infra.TemplateJson.referenced;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.ResourceNames;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API: registry paths to the registry function, the rest of /api, /ajax-api and mlflow-artifacts to
 * tracking, IAM (SigV4) on every route, stage and per-route throttling, JSON access logs, and a client policy.
 */
class HttpApiTest {

    private static final ResourceNames NAMES = ResourceNames.forStage(TestStacks.STAGE);

    private static TemplateJson template() {
        return TestStacks.standardJson();
    }

    /** Route key to the module whose alias its integration invokes. */
    private static Map<String, String> routes() {
        TemplateJson t = template();
        return t.ofType("AWS::ApiGatewayV2::Route").values().stream().map(TemplateJson::properties)
                .collect(Collectors.toMap(r -> (String) r.get("RouteKey"), r -> {
                    String target = map(r.get("Target")).get("Fn::Join").toString();
                    String integration = t.ofType("AWS::ApiGatewayV2::Integration").keySet().stream()
                            .filter(target::contains).findFirst().orElseThrow();
                    String alias = referenced(t.properties(integration).get("IntegrationUri"));
                    String function = referenced(t.properties(alias).get("FunctionName"));
                    return ((String) t.properties(function).get("FunctionName")).substring(NAMES.prefix().length() + 1);
                }));
    }

    @Test
    void registryPathsGoToRegistryAndEverythingElseToTracking() {
        assertThat(routes()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("ANY /api/2.0/mlflow/registered-models/{proxy+}", "registry"),
                Map.entry("ANY /api/2.0/mlflow/model-versions/{proxy+}", "registry"),
                Map.entry("ANY /ajax-api/2.0/mlflow/registered-models/{proxy+}", "registry"),
                Map.entry("ANY /ajax-api/2.0/mlflow/model-versions/{proxy+}", "registry"),
                // MLflow's webhook API lives with the registry, whose events it subscribes to
                Map.entry("ANY /api/2.0/mlflow/webhooks", "registry"),
                Map.entry("ANY /api/2.0/mlflow/webhooks/{proxy+}", "registry"),
                Map.entry("ANY /ajax-api/2.0/mlflow/webhooks", "registry"),
                Map.entry("ANY /ajax-api/2.0/mlflow/webhooks/{proxy+}", "registry"),
                Map.entry("ANY /model-versions/get-artifact", "registry"),
                Map.entry("ANY /api/{proxy+}", "tracking"),
                Map.entry("ANY /ajax-api/{proxy+}", "tracking"),
                Map.entry("ANY /api/2.0/mlflow-artifacts/{proxy+}", "tracking"),
                // the audit search, named so that no broader /api/2.0/mlops route can take it
                Map.entry("ANY /api/2.0/mlops/audit/{proxy+}", "tracking"),
                Map.entry("ANY /ajax-api/2.0/mlops/audit/{proxy+}", "tracking"),
                Map.entry("ANY /get-artifact", "tracking"),
                Map.entry("ANY /graphql", "tracking"),
                Map.entry("ANY /health", "tracking"),
                Map.entry("ANY /version", "tracking"),
                // recovery's admin routes (snapshots, verify, recover, rollback, incidents, state digest)
                Map.entry("ANY /api/2.0/mlops/{proxy+}", "recovery")));
    }

    @Test
    void everyServedPathHasARouteToAFunctionThatServesIt() {
        // a request path as the client sends it, and the function whose JAX-RS resources answer it
        Map<String, String> served = Map.ofEntries(
                Map.entry("/api/2.0/mlflow/webhooks", "registry"),
                Map.entry("/api/2.0/mlflow/webhooks/abc/test", "registry"),
                Map.entry("/ajax-api/2.0/mlops/audit/search", "tracking"),
                Map.entry("/api/2.0/mlflow/runs/search", "tracking"),
                Map.entry("/api/2.0/mlflow/model-versions/get", "registry"),
                Map.entry("/model-versions/get-artifact", "registry"),
                Map.entry("/get-artifact", "tracking"),
                Map.entry("/health", "tracking"),
                Map.entry("/version", "tracking"),
                Map.entry("/graphql", "tracking"),
                Map.entry("/ajax-api/3.0/mlflow/ui-telemetry", "tracking"),
                Map.entry("/api/2.0/mlops/snapshots/list", "recovery"),
                Map.entry("/api/2.0/mlops/models/rollback", "recovery"),
                Map.entry("/api/2.0/mlops/audit/search", "tracking"));
        Map<String, String> routes = routes();
        served.forEach((path, function) -> assertThat(routes.get("ANY " + mostSpecificRoute(routes, path)))
                .as(path).isEqualTo(function));
        // the UI's static files are not on the API: a browser gets them from ./mlops ui-proxy (README, "The web
        // UI on AWS"), which signs the UI's API calls; nothing on the API answers without authorization
        assertThat(mostSpecificRoute(routes, "/")).isNull();
        assertThat(mostSpecificRoute(routes, "/static-files/js/main.js")).isNull();
    }

    /** API Gateway's choice: an exact path first, else the greedy route with the longest matching prefix. */
    static String mostSpecificRoute(Map<String, String> routes, String path) {
        String best = null;
        for (String key : routes.keySet()) {
            String route = key.substring("ANY ".length());
            if (route.equals(path)) {
                return route;
            }
            if (route.endsWith("/{proxy+}")) {
                String prefix = route.substring(0, route.length() - "{proxy+}".length());
                if (path.startsWith(prefix) && path.length() > prefix.length()
                        && (best == null || prefix.length() > best.length() - "{proxy+}".length())) {
                    best = route;
                }
            }
        }
        return best;
    }

    @Test
    void integrationsUsePayloadVersionTwo() {
        template().ofType("AWS::ApiGatewayV2::Integration").values().stream().map(TemplateJson::properties)
                .forEach(i -> {
                    assertThat(i.get("IntegrationType")).isEqualTo("AWS_PROXY");
                    assertThat(i.get("PayloadFormatVersion")).isEqualTo("2.0");
                });
    }

    @Test
    void everyRouteRequiresSigV4() {
        template().ofType("AWS::ApiGatewayV2::Route").values().stream().map(TemplateJson::properties)
                .forEach(r -> assertThat(r.get("AuthorizationType")).as("%s", r.get("RouteKey")).isEqualTo("AWS_IAM"));
    }

    @Test
    void trainingJobsMayCallMlflowAndTheUiPathsButOnlyOperatorsTheRecoveryRoutes() {
        List<String> client = invokablePaths("ClientPolicy");
        List<String> operator = invokablePaths("OperatorPolicy");
        assertThat(operator).containsExactly("/api/2.0/mlops/*");
        for (String path : List.of("/api/2.0/mlflow/runs/log-batch", "/api/2.0/mlflow/model-versions/create",
                "/api/2.0/mlflow/webhooks", "/api/2.0/mlflow-artifacts/artifacts/1/a/model.pkl",
                "/api/3.0/mlflow/server-info", "/ajax-api/2.0/mlflow/runs/search", "/graphql", "/get-artifact",
                "/model-versions/get-artifact", "/api/2.0/mlops/audit/search", "/health", "/version")) {
            assertThat(client).as(path).anyMatch(glob -> matches(glob, path));
        }
        for (String path : List.of("/api/2.0/mlops/snapshots/restore", "/api/2.0/mlops/recover",
                "/api/2.0/mlops/models/rollback", "/api/2.0/mlops/incidents/simulate")) {
            assertThat(client).as(path).noneMatch(glob -> matches(glob, path));
            assertThat(operator).as(path).anyMatch(glob -> matches(glob, path));
        }
    }

    /** The paths (after {@code /$default/<method>}) a managed policy of the API lets a principal invoke. */
    private static List<String> invokablePaths(String policyIdPrefix) {
        Map<String, Object> policy = template().ofType("AWS::IAM::ManagedPolicy").entrySet().stream()
                .filter(e -> e.getKey().contains(policyIdPrefix)).map(e -> TemplateJson.properties(e.getValue()))
                .findFirst().orElseThrow();
        Map<String, Object> statement = map(TemplateJson.list(map(policy.get("PolicyDocument")).get("Statement"))
                .getFirst());
        assertThat(statement.get("Action")).isEqualTo("execute-api:Invoke");
        return TemplateJson.list(statement.get("Resource")).stream().map(r -> {
            String arn = IamTable.render(r, template());
            assertThat(arn).contains(":execute-api:", "/$default/*/");
            return arn.substring(arn.indexOf("/$default/*") + "/$default/*".length());
        }).toList();
    }

    /** IAM's wildcard: {@code *} matches any characters, '/' included. */
    private static boolean matches(String glob, String path) {
        return path.matches(java.util.regex.Pattern.quote(glob).replace("*", "\\E.*\\Q"));
    }

    @Test
    void stageThrottlesEveryRouteAndLogsJson() throws Exception {
        Map<String, Object> stage = template().ofType("AWS::ApiGatewayV2::Stage").values().stream()
                .map(TemplateJson::properties).findFirst().orElseThrow();
        assertThat(stage.get("StageName")).isEqualTo("$default");
        assertThat(stage.get("AutoDeploy")).isEqualTo(true);
        assertThat(stage.get("DefaultRouteSettings")).isEqualTo(Map.of(
                "ThrottlingRateLimit", HttpFrontDoor.STAGE_RATE_LIMIT,
                "ThrottlingBurstLimit", HttpFrontDoor.STAGE_BURST_LIMIT));
        Map<String, Object> perRoute = map(stage.get("RouteSettings"));
        assertThat(perRoute.keySet()).isEqualTo(routes().keySet());
        assertThat(perRoute.get("ANY /api/{proxy+}"))
                .isEqualTo(Map.of("ThrottlingRateLimit", 500, "ThrottlingBurstLimit", 1000));
        assertThat(perRoute.get("ANY /api/2.0/mlflow/model-versions/{proxy+}"))
                .isEqualTo(Map.of("ThrottlingRateLimit", 100, "ThrottlingBurstLimit", 200));

        Map<String, Object> logs = map(stage.get("AccessLogSettings"));
        String logGroup = referenced(logs.get("DestinationArn"));
        assertThat(template().type(logGroup)).isEqualTo("AWS::Logs::LogGroup");
        // the format must itself be JSON, so each access log line parses once API Gateway fills it in
        @SuppressWarnings("unchecked")
        Map<String, Object> format = new ObjectMapper().readValue((String) logs.get("Format"), Map.class);
        assertThat(format).containsEntry("requestId", "$context.requestId")
                .containsEntry("status", "$context.status").containsEntry("routeKey", "$context.routeKey")
                .containsEntry("caller", "$context.identity.userArn")
                .containsEntry("integrationError", "$context.integrationErrorMessage");
    }
}

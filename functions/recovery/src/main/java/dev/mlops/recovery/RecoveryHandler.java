package dev.mlops.recovery;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.error.ErrorCode;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.MlopsException;
import dev.mlops.recoveryapi.AdminOperations;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The recovery function's three triggers, told apart by shape: the EventBridge schedule (a snapshot, then the
 * retention policy; a failure fails the invocation, so it shows in the function's error metrics), an operator's
 * direct invocation ({@code {"action": ...}}, answered with the result or MLflow's error body), and API Gateway
 * HTTP events for the admin routes under {@code /api/2.0/mlops/} (payload 2.0, IAM auth on the route).
 */
@Named("recovery")
public class RecoveryHandler implements RequestHandler<JsonNode, JsonNode> {

    private static final Logger LOG = Logger.getLogger(RecoveryHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ROUTE_PREFIX = "/api/2.0/mlops/";

    @Inject
    AdminOperations operations;

    @Override
    public JsonNode handleRequest(JsonNode event, Context context) {
        AdminRouter router = new AdminRouter(operations);
        if (event != null && event.path("requestContext").has("http")) {
            return http(router, event);
        }
        if (event != null && "Scheduled Event".equals(event.path("detail-type").asText())) {
            JsonNode result = router.run("scheduled", null);
            LOG.infof("Scheduled snapshot %s; pruned %s", result.path("snapshot").path("id").asText(),
                    result.path("prune").path("deleted"));
            return result;
        }
        try {
            String action = event == null ? null : event.path("action").asText(null);
            if (action == null) {
                throw new InvalidParameterException("Expected a schedule event, an API Gateway request or "
                        + "{\"action\": ...}.");
            }
            return router.run(action, event);
        } catch (MlopsException e) {
            return JSON.valueToTree(AdminRouter.error(e));
        }
    }

    private JsonNode http(AdminRouter router, JsonNode event) {
        String method = event.path("requestContext").path("http").path("method").asText();
        String path = event.path("rawPath").asText();
        String route = path.startsWith(ROUTE_PREFIX) ? method + " " + path.substring(ROUTE_PREFIX.length()) : "";
        String action = AdminRouter.ROUTES.get(route.endsWith("/") ? route.substring(0, route.length() - 1) : route);
        if (action == null) {
            return response(ErrorCode.ENDPOINT_NOT_FOUND.httpStatus(), Map.of("error_code",
                    ErrorCode.ENDPOINT_NOT_FOUND.name(), "message", "No endpoint at this path."));
        }
        try {
            ObjectNode params = JSON.createObjectNode();
            String body = event.path("body").asText("");
            if (!body.isEmpty()) {
                String text = event.path("isBase64Encoded").asBoolean(false)
                        ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
                JsonNode parsed = parse(text);
                if (!parsed.isObject()) {
                    throw new InvalidParameterException("The request body must be a JSON object.");
                }
                params.setAll((ObjectNode) parsed);
            }
            event.path("queryStringParameters").fields().forEachRemaining(f -> params.set(f.getKey(), f.getValue()));
            return response(200, router.run(action, params));
        } catch (MlopsException e) {
            return response(AdminRouter.status(e), AdminRouter.error(e));
        } catch (RuntimeException e) {
            LOG.error("Admin route " + route + " failed", e);
            return response(500, Map.of("error_code", ErrorCode.INTERNAL_ERROR.name(), "message",
                    "Internal error; see the function's log."));
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException("Malformed JSON in the request body.");
        }
    }

    private static JsonNode response(int status, Object body) {
        ObjectNode response = JSON.createObjectNode();
        response.put("statusCode", status);
        response.putObject("headers").put("content-type", "application/json");
        try {
            response.put("body", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.put("isBase64Encoded", false);
        return response;
    }
}

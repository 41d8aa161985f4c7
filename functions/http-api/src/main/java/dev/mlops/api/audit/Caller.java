package dev.mlops.api.audit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.mlops.core.audit.AuditEntry;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who made a call and which request it was. On Lambda, from the API Gateway (HTTP API, payload 2.0) request context
 * the function was invoked with: the IAM caller's {@code userArn} (IAM authorization), else a JWT authorizer's
 * {@code sub}, else a Lambda authorizer's {@code principalId}; the request id is API Gateway's. Locally, the
 * basic-auth user name (the mlflow client sends MLFLOW_TRACKING_USERNAME that way; the password is never read),
 * else {@code anonymous}; the request id is the caller's {@code X-Request-Id} when it is a plain token, else new.
 */
record Caller(String actor, String requestId) {

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    static Caller of(HttpServerRequest request) {
        APIGatewayV2HTTPEvent.RequestContext lambda = request != null
                && request.headers() instanceof QuarkusHttpHeaders headers
                ? headers.getContextObject(APIGatewayV2HTTPEvent.RequestContext.class) : null;
        if (lambda != null) {
            return new Caller(lambdaActor(lambda), lambda.getRequestId() == null ? newId() : lambda.getRequestId());
        }
        String given = request == null ? null : request.getHeader("X-Request-Id");
        String requestId = given != null && SAFE_REQUEST_ID.matcher(given).matches() ? given : newId();
        return new Caller(basicUser(request == null ? null : request.getHeader("Authorization")), requestId);
    }

    private static String lambdaActor(APIGatewayV2HTTPEvent.RequestContext context) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = context.getAuthorizer();
        if (authorizer == null) {
            return AuditEntry.ANONYMOUS;
        }
        if (authorizer.getIam() != null && authorizer.getIam().getUserArn() != null) {
            return authorizer.getIam().getUserArn();
        }
        if (authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null
                && authorizer.getJwt().getClaims().get("sub") != null) {
            return authorizer.getJwt().getClaims().get("sub");
        }
        Map<String, Object> custom = authorizer.getLambda();
        if (custom != null && custom.get("principalId") != null) {
            return String.valueOf(custom.get("principalId"));
        }
        return AuditEntry.ANONYMOUS;
    }

    static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return AuditEntry.ANONYMOUS;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return user.isBlank() ? AuditEntry.ANONYMOUS : user;
        } catch (IllegalArgumentException notBase64) {
            return AuditEntry.ANONYMOUS;
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}

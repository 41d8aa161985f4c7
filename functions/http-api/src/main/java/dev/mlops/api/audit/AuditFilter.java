package dev.mlops.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.api.BackendConfig;
import dev.mlops.api.JsonConfig;
import dev.mlops.core.audit.AuditEntry;
import dev.mlops.core.audit.AuditRecorder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Records every state-changing call once, after it succeeded or was refused: any request whose method is not GET,
 * HEAD or OPTIONS and that reached a route (a matched resource method, or a listed MLflow route refused before
 * matching, such as an oversize body), except the POST routes that only read. A new route is therefore audited
 * without being listed anywhere; {@link AuditAction} only names it. The entry goes to the {@link AuditRecorder}
 * queue, so the call is never failed or slowed by the audit store. Every answer carries {@code X-Request-Id}.
 */
public class AuditFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    AuditRecorder recorder;

    @Inject
    BackendConfig config;

    @Inject
    CurrentVertxRequest vertx;

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo info) {
        RoutingContext routing = vertx.getCurrent();
        Caller caller = Caller.of(routing == null ? null : routing.request());
        response.getHeaders().putSingle("X-Request-Id", caller.requestId());
        String method = request.getMethod();
        if (READS.contains(method)) {
            return;
        }
        String path = request.getUriInfo().getPath();
        Method resourceMethod = info == null ? null : info.getResourceMethod();
        AuditAction named = resourceMethod == null ? null : resourceMethod.getAnnotation(AuditAction.class);
        Optional<AuditActions.Match> listed = AuditActions.match(method, path);
        if ((named != null && named.readOnly())
                || listed.map(m -> m.action().equals(AuditActions.READ_ONLY)).orElse(false)
                || (listed.isEmpty() && resourceMethod == null)) {
            return;
        }
        String action = listed.map(AuditActions.Match::action).orElseGet(() ->
                named != null && !named.value().isEmpty() ? named.value()
                        : AuditActions.derived(method, template(info)));

        Map<String, String> ids = new LinkedHashMap<>();
        ids.putAll(AuditResources.ids(request.getUriInfo().getPathParameters()));
        ids.putAll(AuditResources.ids(request.getUriInfo().getQueryParameters()));
        ids.putAll(AuditResources.bodyIds((byte[]) request.getProperty(AuditBodyCapture.BODY)));
        int status = response.getStatus();
        Object entity = response.getEntity();
        if (status < 300 && entity != null && !(entity instanceof StreamingOutput || entity instanceof InputStream
                || entity instanceof byte[] || entity instanceof String)) {
            AuditResources.answerIds(JsonConfig.MLFLOW.valueToTree(entity)).forEach(ids::putIfAbsent);
        }
        boolean registry = path.contains("/registered-models/") || path.contains("/model-versions/");
        List<String> resources = new java.util.ArrayList<>(listed.map(AuditActions.Match::resources)
                .orElse(List.of()));
        resources.addAll(AuditResources.typed(ids, registry));

        recorder.record(AuditEntry.of(System.currentTimeMillis(), caller.actor(), action, resources,
                outcome(status, entity), caller.requestId()));
        Duration await = config.audit().awaitOnRequest();
        if (!await.isZero() && !Context.isOnEventLoopThread()) {
            recorder.awaitIdle(await);
        }
    }

    private static String outcome(int status, Object entity) {
        if (status < 400) {
            return AuditEntry.OK;
        }
        if (entity instanceof Map<?, ?> body && body.get("error_code") instanceof String code) {
            return code;
        }
        if (entity instanceof JsonNode node && node.hasNonNull("error_code")) {
            return node.get("error_code").asText();
        }
        return "HTTP_" + status;
    }

    private static String template(ResourceInfo info) {
        Path type = info.getResourceClass() == null ? null : info.getResourceClass().getAnnotation(Path.class);
        Path method = info.getResourceMethod().getAnnotation(Path.class);
        return (type == null ? "" : type.value()) + "/" + (method == null ? "" : method.value());
    }
}

package dev.mlops.ops;

import dev.mlops.telemetry.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Times every API request into {@code mlops.http.requests}, tagged with the route template (never the concrete
 * path: no run or user ids in labels), the method and the status; then lets {@link Telemetry} write EMF on Lambda.
 * The same filters run on the local server and through the Lambda's virtual HTTP channel.
 */
public class RequestMetrics {

    static final String START = "mlops.request.start";
    private static final Pattern REGEX_PARAM = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");

    private final MeterRegistry registry;
    private final Telemetry telemetry;
    private final Map<Method, String> routes = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry, Telemetry telemetry) {
        this.registry = registry;
        this.telemetry = telemetry;
    }

    @ServerRequestFilter(preMatching = true)
    public void start(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @ServerResponseFilter
    public void finish(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        Object start = request.getProperty(START);
        if (start instanceof Long started) {
            Timer.builder("mlops.http.requests")
                    .description("API requests by route template, method and status")
                    .tags("route", route(resource), "method", request.getMethod(),
                            "status", Integer.toString(response.getStatus()))
                    .register(registry)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        telemetry.afterInvocation();
    }

    private String route(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return "UNMATCHED";
        }
        return routes.computeIfAbsent(method, m -> template(resource.getResourceClass(), m));
    }

    /** {@code /{prefix: api|ajax-api}/2.0/mlflow/runs} + {@code get} becomes {@code /{prefix}/2.0/mlflow/runs/get}. */
    static String template(Class<?> type, Method method) {
        Path base = type == null ? null : type.getAnnotation(Path.class);
        Path sub = method.getAnnotation(Path.class);
        String joined = "/" + (base == null ? "" : base.value()) + "/" + (sub == null ? "" : sub.value());
        return REGEX_PARAM.matcher(joined.replaceAll("/+", "/")).replaceAll("{$1}").replaceAll("(.)/$", "$1");
    }
}

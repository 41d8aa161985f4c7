package dev.mlops.health;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.health.CheckResult;
import dev.mlops.core.health.HealthLevel;
import dev.mlops.core.health.HealthMonitor;
import dev.mlops.telemetry.Telemetry;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The scheduled health function. Any input (the EventBridge schedule's event, or {@code {}} by hand) runs the
 * checks once. A DOWN deployment is a normal outcome, reported and answered, not a failed invocation: Lambda would
 * only retry it. The answer names each check's status and the figures written as metrics.
 */
@Named("health")
public class HealthHandler implements RequestHandler<JsonNode, HealthHandler.Answer> {

    private static final Logger LOG = Logger.getLogger(HealthHandler.class);

    /** What the invocation returns: the overall status, the change it announced (if any), checks and figures. */
    public record Answer(String status, String changedFrom, List<Check> checks, Map<String, Number> metrics) {
    }

    public record Check(String name, String status, String message) {
    }

    @Inject
    HealthMonitor monitor;

    @Inject
    Telemetry telemetry;

    @Override
    public Answer handleRequest(JsonNode event, Context context) {
        HealthMonitor.Outcome outcome = monitor.run();
        Map<String, Number> figures = HealthFigures.of(outcome.report());
        telemetry.write(HealthFigures.line(telemetry.namespace(), Telemetry.functionName(), figures),
                outcome.report().timestamp());
        telemetry.afterInvocation();
        for (CheckResult check : outcome.report().checks()) {
            if (check.level() != HealthLevel.UP) {
                LOG.warnf("Health check %s is %s: %s", check.name(), check.level(), check.message());
            }
        }
        outcome.change().ifPresent(change -> LOG.warnf("Health changed from %s to %s: %s", change.from(),
                change.to(), change.reason()));
        return new Answer(outcome.report().status(), outcome.change().map(c -> c.from()).orElse(null),
                outcome.report().checks().stream().map(c -> new Check(c.name(), c.level().name(), c.message()))
                        .toList(), figures);
    }
}

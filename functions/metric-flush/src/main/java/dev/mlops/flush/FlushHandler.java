package dev.mlops.flush;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.lake.FlushReport;
import dev.mlops.lakeapi.Flushes;
import dev.mlops.telemetry.Telemetry;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * Translates the function's two triggers into one flush. A {@code MetricFlushRequested} event (a run's buffer
 * passed the threshold) flushes that run; the EventBridge schedule, or any other input such as a manual
 * {@code {}} invoke, flushes every run with buffered points.
 */
@Named("metric-flush")
public class FlushHandler implements RequestHandler<JsonNode, FlushReport> {

    private static final Logger LOG = Logger.getLogger(FlushHandler.class);

    @Inject
    Flushes flushes;

    @Inject
    Telemetry telemetry;

    @Override
    public FlushReport handleRequest(JsonNode event, Context context) {
        JsonNode detail = event == null ? null : event.path("detail");
        String runId = detail == null ? "" : detail.path("run_id").asText("");
        FlushReport report = "MetricFlushRequested".equals(event == null ? null : event.path("detail-type").asText())
                && !runId.isEmpty()
                ? flushes.flushOne(runId, detail.path("experiment_id").asText(null))
                : flushes.flushAll();
        LOG.infof("Flushed %d points of %d runs into %d files (%d adopted, %d deleted) in %d ms; %d failures",
                report.points(), report.runs(), report.filesWritten(), report.filesAdopted(), report.filesDeleted(),
                report.millis(), report.failures().size());
        telemetry.afterInvocation();
        return report;
    }
}

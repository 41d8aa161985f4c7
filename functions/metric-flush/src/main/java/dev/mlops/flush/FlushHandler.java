package dev.mlops.flush;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.error.TemporarilyUnavailableException;
import dev.mlops.core.recovery.WriteFence;
import dev.mlops.lake.FlushReport;
import dev.mlops.lakeapi.Flushes;
import dev.mlops.telemetry.Telemetry;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
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

    @Inject
    WriteFence fence;

    @Override
    public FlushReport handleRequest(JsonNode event, Context context) {
        JsonNode detail = event == null ? null : event.path("detail");
        String runId = detail == null ? "" : detail.path("run_id").asText("");
        FlushReport report;
        // a flush is a write: while a restore holds the state it is skipped, and the schedule comes back
        try (WriteFence.Permit permit = fence.admit()) {
            report = "MetricFlushRequested".equals(event == null ? null : event.path("detail-type").asText())
                    && !runId.isEmpty()
                    ? flushes.flushOne(runId, detail.path("experiment_id").asText(null))
                    : flushes.flushAll();
        } catch (TemporarilyUnavailableException fenced) {
            LOG.infof("Flush skipped: %s", fenced.getMessage());
            telemetry.afterInvocation();
            return new FlushReport(0, 0, 0, 0, 0, List.of(new FlushReport.RunFailure(runId, null,
                    fenced.getMessage())), 0);
        }
        LOG.infof("Flushed %d points of %d runs into %d files (%d adopted, %d deleted) in %d ms; %d failures",
                report.points(), report.runs(), report.filesWritten(), report.filesAdopted(), report.filesDeleted(),
                report.millis(), report.failures().size());
        telemetry.afterInvocation();
        return report;
    }
}

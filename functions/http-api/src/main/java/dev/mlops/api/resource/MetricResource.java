package dev.mlops.api.resource;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mlops.api.JsonConfig;
import dev.mlops.api.dto.TrackingViews.BulkMetrics;
import dev.mlops.api.dto.TrackingViews.MetricWithRunId;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.service.HistoryStream;
import dev.mlops.core.service.SeriesPoint;
import dev.mlops.core.service.TrackingService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;

/** Metric history reads. */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricResource {

    private final TrackingService tracking;

    public MetricResource(TrackingService tracking) {
        this.tracking = tracking;
    }

    /**
     * Streams the page: each point goes from the metric cursor straight into the JSON generator, so a 25,000-point
     * page is never a list of objects. The service has validated and opened the series before the answer starts, so
     * bad input and unreadable files still answer with an MLflow error.
     */
    @GET
    @Path("get-history")
    public Response history(@QueryParam("run_id") String runId, @QueryParam("run_uuid") String runUuid,
                            @QueryParam("metric_key") String key, @QueryParam("max_results") String maxResults,
                            @QueryParam("page_token") String pageToken) {
        HistoryStream stream = tracking.openHistory(Params.firstNonEmpty(runId, runUuid), key,
                Params.integer("max_results", maxResults), pageToken);
        StreamingOutput body = out -> {
            try (stream; JsonGenerator json = JsonConfig.generator(out)) {
                json.writeStartObject();
                json.writeArrayFieldStart("metrics");
                while (stream.hasNext()) {
                    MetricPoint p = stream.next();
                    json.writeStartObject();
                    json.writeStringField("key", p.key());
                    json.writeNumberField("value", p.value());
                    json.writeNumberField("timestamp", p.timestamp());
                    json.writeNumberField("step", p.step());
                    json.writeEndObject();
                }
                json.writeEndArray();
                String next = stream.nextPageToken();
                if (next != null) {
                    json.writeStringField("next_page_token", next);
                }
                json.writeEndObject();
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The UI's whole history of one metric over several runs; runs come as repeated {@code run_id}. */
    @GET
    @Path("get-history-bulk")
    public BulkMetrics bulk(@QueryParam("run_id") List<String> runIds, @QueryParam("metric_key") String key,
                            @QueryParam("max_results") String maxResults) {
        return bulkMetrics(tracking.metricHistoryBulk(runIds, key, Params.integer("max_results", maxResults)));
    }

    @GET
    @Path("get-history-bulk-interval")
    public BulkMetrics bulkInterval(@QueryParam("run_ids") List<String> runIds,
                                    @QueryParam("metric_key") String key,
                                    @QueryParam("start_step") String startStep,
                                    @QueryParam("end_step") String endStep,
                                    @QueryParam("max_results") String maxResults) {
        return bulkMetrics(tracking.metricHistoryBulkInterval(runIds, key,
                Params.longValue("start_step", startStep), Params.longValue("end_step", endStep),
                Params.integer("max_results", maxResults)));
    }

    private static BulkMetrics bulkMetrics(List<SeriesPoint> points) {
        return new BulkMetrics(points.stream()
                .map(sp -> new MetricWithRunId(sp.point().key(), sp.point().value(), sp.point().timestamp(),
                        sp.point().step(), sp.runId()))
                .toList());
    }
}

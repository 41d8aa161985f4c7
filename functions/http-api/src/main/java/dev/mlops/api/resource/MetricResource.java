package dev.mlops.api.resource;

import dev.mlops.api.dto.TrackingViews.BulkMetrics;
import dev.mlops.api.dto.TrackingViews.MetricsPage;
import dev.mlops.api.dto.WireMapper;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.port.Page;
import dev.mlops.core.service.TrackingService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Metric history reads. */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricResource {

    private final TrackingService tracking;

    public MetricResource(TrackingService tracking) {
        this.tracking = tracking;
    }

    @GET
    @Path("get-history")
    public MetricsPage history(@QueryParam("run_id") String runId, @QueryParam("run_uuid") String runUuid,
                               @QueryParam("metric_key") String key, @QueryParam("max_results") String maxResults,
                               @QueryParam("page_token") String pageToken) {
        Page<MetricPoint> page = tracking.metricHistory(Params.firstNonEmpty(runId, runUuid), key,
                Params.integer("max_results", maxResults), pageToken);
        return new MetricsPage(page.items().stream().map(WireMapper::metric).toList(), page.nextPageToken());
    }

    @GET
    @Path("get-history-bulk-interval")
    public BulkMetrics bulkInterval(@QueryParam("run_ids") List<String> runIds,
                                    @QueryParam("metric_key") String key,
                                    @QueryParam("start_step") String startStep,
                                    @QueryParam("end_step") String endStep,
                                    @QueryParam("max_results") String maxResults) {
        return new BulkMetrics(tracking.metricHistoryBulkInterval(runIds, key,
                        Params.longValue("start_step", startStep), Params.longValue("end_step", endStep),
                        Params.integer("max_results", maxResults)).stream()
                .map(WireMapper::metricWithRunId)
                .toList());
    }
}

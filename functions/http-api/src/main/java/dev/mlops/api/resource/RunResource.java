package dev.mlops.api.resource;

import dev.mlops.api.JsonCodec;
import dev.mlops.api.dto.TrackingRequests.CreateRun;
import dev.mlops.api.dto.TrackingRequests.DeleteTag;
import dev.mlops.api.dto.TrackingRequests.LogBatch;
import dev.mlops.api.dto.TrackingRequests.LogInputs;
import dev.mlops.api.dto.TrackingRequests.LogMetric;
import dev.mlops.api.dto.TrackingRequests.LogParam;
import dev.mlops.api.dto.TrackingRequests.Metric;
import dev.mlops.api.dto.TrackingRequests.ModelInput;
import dev.mlops.api.dto.TrackingRequests.RunRef;
import dev.mlops.api.dto.TrackingRequests.SearchRuns;
import dev.mlops.api.dto.TrackingRequests.SetTag;
import dev.mlops.api.dto.TrackingRequests.UpdateRun;
import dev.mlops.api.dto.TrackingViews;
import dev.mlops.api.dto.TrackingViews.RunInfoResponse;
import dev.mlops.api.dto.TrackingViews.RunResponse;
import dev.mlops.api.dto.TrackingViews.RunsPage;
import dev.mlops.api.dto.WireMapper;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.port.Page;
import dev.mlops.core.service.BatchRequest;
import dev.mlops.core.service.TrackingService;
import dev.mlops.core.service.Validation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** MLflow's runs endpoints; each method decodes, makes one service call and encodes. */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final TrackingService tracking;
    private final JsonCodec json;

    public RunResource(TrackingService tracking, JsonCodec json) {
        this.tracking = tracking;
        this.json = json;
    }

    @POST
    @Path("create")
    public RunResponse create(byte[] body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        CreateRun request = json.read(body, CreateRun.class);
        Run run = tracking.createRun(request.experimentId(), request.userId(), request.runName(),
                request.startTime(), WireMapper.tags(request.tags()), idempotencyKey);
        return new RunResponse(WireMapper.run(run));
    }

    @GET
    @Path("get")
    public RunResponse get(@QueryParam("run_id") String runId, @QueryParam("run_uuid") String runUuid) {
        return new RunResponse(WireMapper.run(tracking.getRun(Params.firstNonEmpty(runId, runUuid))));
    }

    @POST
    @Path("update")
    public RunInfoResponse update(byte[] body) {
        UpdateRun request = json.read(body, UpdateRun.class);
        return new RunInfoResponse(WireMapper.runInfo(tracking.updateRun(request.effectiveRunId(),
                Params.runStatus(request.status()), request.endTime(), request.runName())));
    }

    @POST
    @Path("delete")
    public Map<String, Object> delete(byte[] body) {
        tracking.deleteRun(json.read(body, RunRef.class).effectiveRunId());
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("restore")
    public Map<String, Object> restore(byte[] body) {
        tracking.restoreRun(json.read(body, RunRef.class).effectiveRunId());
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("search")
    public RunsPage searchByBody(byte[] body) {
        return search(json.read(body, SearchRuns.class));
    }

    @GET
    @Path("search")
    public RunsPage searchByQuery(@QueryParam("experiment_ids") List<String> experimentIds,
                                  @QueryParam("filter") String filter,
                                  @QueryParam("run_view_type") String runViewType,
                                  @QueryParam("max_results") String maxResults,
                                  @QueryParam("order_by") List<String> orderBy,
                                  @QueryParam("page_token") String pageToken) {
        return search(new SearchRuns(experimentIds, filter, runViewType, Params.integer("max_results", maxResults),
                orderBy, pageToken));
    }

    @POST
    @Path("log-metric")
    public Map<String, Object> logMetric(byte[] body) {
        LogMetric request = json.read(body, LogMetric.class);
        Validation.required("run_id", request.effectiveRunId());
        Metric metric = new Metric(request.key(), request.value(), request.timestamp(), request.step(),
                request.modelId(), request.datasetName(), request.datasetDigest());
        MetricPoint point = point(metric, "");
        if (isSet(request.modelId())) {
            tracking.logMetric(request.effectiveRunId(), modelPoint(metric, point));
        } else {
            tracking.logMetric(request.effectiveRunId(), point);
        }
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("log-parameter")
    public Map<String, Object> logParam(byte[] body) {
        LogParam request = json.read(body, LogParam.class);
        Validation.required("key", request.key());
        tracking.logParam(request.effectiveRunId(), request.key(), request.value());
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("set-tag")
    public Map<String, Object> setTag(byte[] body) {
        SetTag request = json.read(body, SetTag.class);
        Validation.required("key", request.key());
        tracking.setTag(request.effectiveRunId(), request.key(), request.value());
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("delete-tag")
    public Map<String, Object> deleteTag(byte[] body) {
        DeleteTag request = json.read(body, DeleteTag.class);
        Validation.required("key", request.key());
        tracking.deleteTag(request.effectiveRunId(), request.key());
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("log-batch")
    public Map<String, Object> logBatch(byte[] body) {
        LogBatch request = json.read(body, LogBatch.class);
        List<MetricPoint> points = new ArrayList<>();
        List<BatchRequest.ModelPoint> modelPoints = new ArrayList<>();
        List<Metric> metrics = request.metrics() == null ? List.of() : request.metrics();
        for (int i = 0; i < metrics.size(); i++) {
            MetricPoint point = point(metrics.get(i), "metrics[" + i + "].");
            points.add(point);
            if (isSet(metrics.get(i).modelId())) {
                modelPoints.add(modelPoint(metrics.get(i), point));
            }
        }
        tracking.logBatch(request.effectiveRunId(), new BatchRequest(points, WireMapper.params(request.params()),
                WireMapper.tags(request.tags()), modelPoints));
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("log-inputs")
    public Map<String, Object> logInputs(byte[] body) {
        LogInputs request = json.read(body, LogInputs.class);
        tracking.logInputs(request.effectiveRunId(),
                request.datasets() == null ? List.of()
                        : request.datasets().stream().map(WireMapper::datasetInput).toList(),
                request.models() == null ? List.of() : request.models().stream().map(ModelInput::modelId).toList());
        return TrackingViews.EMPTY;
    }

    private RunsPage search(SearchRuns request) {
        Page<Run> page = tracking.searchRuns(request.experimentIds(), request.filter(),
                Params.viewType("run_view_type", request.runViewType()), request.maxResults(), request.orderBy(),
                request.pageToken());
        return new RunsPage(page.items().stream().map(WireMapper::run).toList(), page.nextPageToken());
    }

    private static BatchRequest.ModelPoint modelPoint(Metric metric, MetricPoint point) {
        return new BatchRequest.ModelPoint(metric.modelId(), point, metric.datasetName(), metric.datasetDigest());
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }

    private static MetricPoint point(Metric metric, String path) {
        Validation.required(path + "key", metric.key());
        Validation.required(path + "value", metric.value());
        Validation.required(path + "timestamp", metric.timestamp());
        return new MetricPoint(metric.key(), metric.value(), metric.timestamp(),
                metric.step() == null ? 0 : metric.step());
    }
}

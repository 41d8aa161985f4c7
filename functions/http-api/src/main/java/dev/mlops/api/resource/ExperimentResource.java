package dev.mlops.api.resource;

import dev.mlops.api.JsonCodec;
import dev.mlops.api.dto.TrackingRequests.CreateExperiment;
import dev.mlops.api.dto.TrackingRequests.DeleteExperimentTag;
import dev.mlops.api.dto.TrackingRequests.ExperimentRef;
import dev.mlops.api.dto.TrackingRequests.SearchDatasets;
import dev.mlops.api.dto.TrackingRequests.SearchExperiments;
import dev.mlops.api.dto.TrackingRequests.SetExperimentTag;
import dev.mlops.api.dto.TrackingRequests.UpdateExperiment;
import dev.mlops.api.dto.TrackingViews;
import dev.mlops.api.dto.TrackingViews.DatasetSummaries;
import dev.mlops.api.dto.TrackingViews.ExperimentIdResponse;
import dev.mlops.api.dto.TrackingViews.ExperimentResponse;
import dev.mlops.api.dto.TrackingViews.ExperimentsPage;
import dev.mlops.api.dto.WireMapper;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.service.TrackingService;
import dev.mlops.core.service.Validation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** MLflow's experiments endpoints; each method decodes, makes one service call and encodes. */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {

    private final TrackingService tracking;
    private final JsonCodec json;

    public ExperimentResource(TrackingService tracking, JsonCodec json) {
        this.tracking = tracking;
        this.json = json;
    }

    @POST
    @Path("create")
    public ExperimentIdResponse create(byte[] body) {
        CreateExperiment request = json.read(body, CreateExperiment.class);
        Validation.required("name", request.name());
        Experiment created = tracking.createExperiment(request.name(), request.artifactLocation(),
                WireMapper.tags(request.tags()));
        return new ExperimentIdResponse(created.experimentId());
    }

    @GET
    @Path("get")
    public ExperimentResponse get(@QueryParam("experiment_id") String experimentId) {
        return new ExperimentResponse(WireMapper.experiment(tracking.getExperiment(experimentId)));
    }

    @GET
    @Path("get-by-name")
    public ExperimentResponse getByName(@QueryParam("experiment_name") String name) {
        return new ExperimentResponse(WireMapper.experiment(tracking.getExperimentByName(name)));
    }

    @GET
    @Path("search")
    public ExperimentsPage searchByQuery(@QueryParam("max_results") String maxResults,
                                         @QueryParam("page_token") String pageToken,
                                         @QueryParam("filter") String filter,
                                         @QueryParam("order_by") List<String> orderBy,
                                         @QueryParam("view_type") String viewType) {
        return search(new SearchExperiments(Params.integer("max_results", maxResults), pageToken, filter, orderBy,
                viewType));
    }

    @POST
    @Path("search")
    public ExperimentsPage searchByBody(byte[] body) {
        return search(json.read(body, SearchExperiments.class));
    }

    @POST
    @Path("update")
    public Map<String, Object> update(byte[] body) {
        UpdateExperiment request = json.read(body, UpdateExperiment.class);
        Validation.required("new_name", request.newName());
        tracking.renameExperiment(request.experimentId(), request.newName());
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("delete")
    public Map<String, Object> delete(byte[] body) {
        tracking.deleteExperiment(json.read(body, ExperimentRef.class).experimentId());
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("restore")
    public Map<String, Object> restore(byte[] body) {
        tracking.restoreExperiment(json.read(body, ExperimentRef.class).experimentId());
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("set-experiment-tag")
    public Map<String, Object> setTag(byte[] body) {
        SetExperimentTag request = json.read(body, SetExperimentTag.class);
        Validation.required("key", request.key());
        Validation.required("value", request.value() == null ? null : "set");
        tracking.setExperimentTag(request.experimentId(), request.key(), request.value());
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("delete-experiment-tag")
    public Map<String, Object> deleteTag(byte[] body) {
        DeleteExperimentTag request = json.read(body, DeleteExperimentTag.class);
        Validation.required("key", request.key());
        tracking.deleteExperimentTag(request.experimentId(), request.key());
        return TrackingViews.EMPTY;
    }

    /** The datasets the experiments' runs logged, for the UI's dataset filter. */
    @POST
    @Path("search-datasets")
    public DatasetSummaries searchDatasets(byte[] body) {
        SearchDatasets request = json.read(body, SearchDatasets.class);
        return WireMapper.datasetSummaries(tracking.searchDatasets(request.experimentIds()));
    }

    private ExperimentsPage search(SearchExperiments request) {
        Page<Experiment> page = tracking.searchExperiments(request.filter(), request.orderBy(),
                Params.viewType("view_type", request.viewType()), request.maxResults(), request.pageToken());
        return new ExperimentsPage(page.items().stream().map(WireMapper::experiment).toList(),
                page.nextPageToken());
    }
}

package dev.mlops.api.resource;

import dev.mlops.api.artifact.ArtifactDownloads;
import dev.mlops.api.JsonCodec;
import dev.mlops.api.dto.LoggedModelWire;
import dev.mlops.api.dto.LoggedModelWire.CreateLoggedModel;
import dev.mlops.api.dto.LoggedModelWire.FinalizeLoggedModel;
import dev.mlops.api.dto.LoggedModelWire.LogLoggedModelParams;
import dev.mlops.api.dto.LoggedModelWire.LoggedModelArtifacts;
import dev.mlops.api.dto.LoggedModelWire.LoggedModelResponse;
import dev.mlops.api.dto.LoggedModelWire.LoggedModelsPage;
import dev.mlops.api.dto.LoggedModelWire.SearchLoggedModels;
import dev.mlops.api.dto.LoggedModelWire.SetLoggedModelTags;
import dev.mlops.api.dto.TrackingViews;
import dev.mlops.api.dto.TrackingViews.FileInfo;
import dev.mlops.api.dto.WireMapper;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.LoggedModelStatus;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.Page;
import dev.mlops.core.search.LoggedModelOrdering;
import dev.mlops.core.search.DatasetRef;
import dev.mlops.core.search.LoggedModelOrder;
import dev.mlops.core.service.ArtifactService;
import dev.mlops.core.service.LoggedModelService;
import dev.mlops.core.service.LoggedModelService.NewLoggedModel;
import dev.mlops.core.service.Validation;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * MLflow 3 logged models (service.proto's CreateLoggedModel ... ListLoggedModelArtifacts). {@code log_model} creates
 * one, uploads its files to the model's artifact_uri and finalizes it; {@code models:/<model id>} URIs resolve
 * through get; {@code runs:/<run>/<name>} URIs find the model by searching for its name in the run's experiment.
 */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models")
@Produces(MediaType.APPLICATION_JSON)
public class LoggedModelResource {

    private final LoggedModelService models;
    private final ArtifactService artifacts;
    private final JsonCodec json;

    public LoggedModelResource(LoggedModelService models, ArtifactService artifacts, JsonCodec json) {
        this.models = models;
        this.artifacts = artifacts;
        this.json = json;
    }

    @POST
    public LoggedModelResponse create(byte[] body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        CreateLoggedModel request = json.read(body, CreateLoggedModel.class);
        LoggedModel created = models.create(new NewLoggedModel(request.experimentId(), request.name(),
                request.modelType(), request.sourceRunId(), WireMapper.tags(request.tags()),
                WireMapper.params(request.params())), idempotencyKey);
        return response(created);
    }

    @GET
    @Path("{model_id}")
    public LoggedModelResponse get(@PathParam("model_id") String modelId,
                                   @QueryParam("allow_deleted") String allowDeleted) {
        return response(models.get(modelId, "true".equalsIgnoreCase(allowDeleted)));
    }

    @PATCH
    @Path("{model_id}")
    public LoggedModelResponse finalizeModel(@PathParam("model_id") String modelId, byte[] body) {
        FinalizeLoggedModel request = json.read(body, FinalizeLoggedModel.class);
        return response(models.finalizeModel(modelId, status(request.status())));
    }

    @DELETE
    @Path("{model_id}")
    public Map<String, Object> delete(@PathParam("model_id") String modelId) {
        models.delete(modelId);
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("search")
    public LoggedModelsPage search(byte[] body) {
        SearchLoggedModels request = json.read(body, SearchLoggedModels.class);
        List<LoggedModelOrder> orderBy = request.orderBy() == null ? List.of() : request.orderBy().stream()
                .map(o -> LoggedModelOrdering.parse(o.fieldName(), o.ascending(), o.datasetName(),
                        o.datasetDigest())).toList();
        List<DatasetRef> datasets = request.datasets() == null ? List.of() : request.datasets().stream()
                .map(d -> new DatasetRef(d.datasetName(), d.datasetDigest() == null || d.datasetDigest().isEmpty()
                        ? null : d.datasetDigest())).toList();
        Page<LoggedModel> page = models.search(request.experimentIds(), request.filter(), datasets, orderBy,
                request.maxResults(), request.pageToken());
        return new LoggedModelsPage(page.items().stream().map(LoggedModelWire::view).toList(),
                page.nextPageToken());
    }

    @PATCH
    @Path("{model_id}/tags")
    public LoggedModelResponse setTags(@PathParam("model_id") String modelId, byte[] body) {
        SetLoggedModelTags request = json.read(body, SetLoggedModelTags.class);
        return response(models.setTags(modelId, WireMapper.tags(request.tags())));
    }

    @DELETE
    @Path("{model_id}/tags/{tag_key: .+}")
    public Map<String, Object> deleteTag(@PathParam("model_id") String modelId, @PathParam("tag_key") String key) {
        models.deleteTag(modelId, key);
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("{model_id}/params")
    public Map<String, Object> logParams(@PathParam("model_id") String modelId, byte[] body) {
        LogLoggedModelParams request = json.read(body, LogLoggedModelParams.class);
        models.logParams(modelId, WireMapper.params(request.params()));
        return TrackingViews.EMPTY;
    }

    /** Lists the model's files when they are served through us; the client lists s3:// locations itself. */
    @GET
    @Path("{model_id}/artifacts/directories")
    public LoggedModelArtifacts listArtifacts(@PathParam("model_id") String modelId,
                                              @QueryParam("artifact_directory_path") String path) {
        ArtifactService.RunListing listing = artifacts.listLocation(models.get(modelId, false).artifactLocation(),
                path);
        return new LoggedModelArtifacts(listing.rootUri(),
                listing.files().stream().map(e -> new FileInfo(e.path(), e.isDir(), e.size())).toList(), null);
    }

    /** One file of the model, as an attachment (the UI's model page reads MLmodel through this). */
    @GET
    @Path("{model_id}/artifacts/files")
    @Produces(MediaType.WILDCARD)
    public Response file(@PathParam("model_id") String modelId,
                         @QueryParam("artifact_file_path") String path) {
        if (path == null || path.isEmpty()) {
            throw InvalidParameterException.badRequest("Request must include the \"artifact_file_path\" query parameter.");
        }
        return ArtifactDownloads.file(path,
                artifacts.openLocation(() -> models.get(modelId, false).artifactLocation(), path));
    }

    private static LoggedModelResponse response(LoggedModel model) {
        return new LoggedModelResponse(LoggedModelWire.view(model));
    }

    /** The enum name, or its proto number (1 PENDING, 2 READY, 3 UPLOAD_FAILED); 0 and anything else are invalid. */
    static LoggedModelStatus status(Object raw) {
        Validation.required("status", raw);
        String text = raw.toString();
        return switch (text) {
            case "1" -> LoggedModelStatus.PENDING;
            case "2" -> LoggedModelStatus.READY;
            case "3" -> LoggedModelStatus.UPLOAD_FAILED;
            default -> {
                if (!(raw instanceof String)) {
                    throw new InvalidParameterException("Invalid value " + text + " for parameter 'status' supplied.");
                }
                yield LoggedModelStatus.fromWire(text);
            }
        };
    }
}

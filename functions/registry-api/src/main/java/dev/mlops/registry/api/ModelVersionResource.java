package dev.mlops.registry.api;

import dev.mlops.api.JsonCodec;
import dev.mlops.api.dto.TrackingViews;
import dev.mlops.api.dto.WireMapper;
import dev.mlops.core.service.NewVersionRequest;
import dev.mlops.core.service.RegistryService;
import dev.mlops.core.service.RegistryViews.VersionPage;
import dev.mlops.core.service.Validation;
import dev.mlops.registry.api.RegistryRequests.CreateModelVersion;
import dev.mlops.registry.api.RegistryRequests.TransitionStage;
import dev.mlops.registry.api.RegistryRequests.UpdateModelVersion;
import dev.mlops.registry.api.RegistryRequests.VersionRef;
import dev.mlops.registry.api.RegistryRequests.VersionTag;
import dev.mlops.registry.api.RegistryResponses.DownloadUri;
import dev.mlops.registry.api.RegistryResponses.ModelVersionResponse;
import dev.mlops.registry.api.RegistryResponses.ModelVersionsPage;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** MLflow's model-versions endpoints; each method decodes, makes one service call and encodes. */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/model-versions")
@Produces(MediaType.APPLICATION_JSON)
public class ModelVersionResource {

    /** Optional client key that makes a retried create-version return the first version (see RegistryService). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final RegistryService registry;
    private final JsonCodec json;

    public ModelVersionResource(RegistryService registry, JsonCodec json) {
        this.registry = registry;
        this.json = json;
    }

    @POST
    @Path("create")
    public ModelVersionResponse create(byte[] body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        CreateModelVersion r = json.read(body, CreateModelVersion.class);
        return response(registry.createModelVersion(new NewVersionRequest(r.name(), r.source(), r.runId(),
                WireMapper.tags(r.tags()), r.runLink(), r.description(), r.modelId(), null, idempotencyKey)));
    }

    @GET
    @Path("get")
    public ModelVersionResponse get(@QueryParam("name") String name, @QueryParam("version") String version) {
        return response(registry.getModelVersion(name, version));
    }

    @PATCH
    @Path("update")
    public ModelVersionResponse update(byte[] body) {
        UpdateModelVersion r = json.read(body, UpdateModelVersion.class);
        return response(registry.updateModelVersion(r.name(), r.version(), r.description()));
    }

    @DELETE
    @Path("delete")
    public Map<String, Object> delete(byte[] body, @QueryParam("name") String name,
                                      @QueryParam("version") String version) {
        VersionRef r = json.read(body, VersionRef.class);
        registry.deleteModelVersion(QueryParams.either(r.name(), name), QueryParams.either(r.version(), version));
        return TrackingViews.EMPTY;
    }

    @GET
    @Path("search")
    public ModelVersionsPage search(@QueryParam("filter") String filter,
                                    @QueryParam("max_results") String maxResults,
                                    @QueryParam("order_by") List<String> orderBy,
                                    @QueryParam("page_token") String pageToken) {
        VersionPage page = registry.searchModelVersions(filter, QueryParams.integer("max_results", maxResults),
                orderBy, pageToken);
        return new ModelVersionsPage(page.versions().stream().map(RegistryResponses::version).toList(),
                page.nextPageToken());
    }

    @POST
    @Path("transition-stage")
    public ModelVersionResponse transition(byte[] body) {
        TransitionStage r = json.read(body, TransitionStage.class);
        return response(registry.transitionModelVersionStage(r.name(), r.version(), r.stage(),
                Boolean.TRUE.equals(r.archiveExistingVersions())));
    }

    @GET
    @Path("get-download-uri")
    public DownloadUri downloadUri(@QueryParam("name") String name, @QueryParam("version") String version) {
        return new DownloadUri(registry.getModelVersionDownloadUri(name, version));
    }

    @POST
    @Path("set-tag")
    public Map<String, Object> setTag(byte[] body) {
        VersionTag r = json.read(body, VersionTag.class);
        Validation.required("value", r.value() == null ? null : "set");
        registry.setModelVersionTag(r.name(), r.version(), r.key(), r.value());
        return TrackingViews.EMPTY;
    }

    @DELETE
    @Path("delete-tag")
    public Map<String, Object> deleteTag(byte[] body, @QueryParam("name") String name,
                                         @QueryParam("version") String version, @QueryParam("key") String key) {
        VersionTag r = json.read(body, VersionTag.class);
        registry.deleteModelVersionTag(QueryParams.either(r.name(), name), QueryParams.either(r.version(), version),
                QueryParams.either(r.key(), key));
        return TrackingViews.EMPTY;
    }

    private static ModelVersionResponse response(dev.mlops.core.service.RegistryViews.VersionView view) {
        return new ModelVersionResponse(RegistryResponses.version(view));
    }
}

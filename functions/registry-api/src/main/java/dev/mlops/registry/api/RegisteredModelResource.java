package dev.mlops.registry.api;

import dev.mlops.api.JsonCodec;
import dev.mlops.api.dto.TrackingViews;
import dev.mlops.api.dto.WireMapper;
import dev.mlops.core.service.RegistryService;
import dev.mlops.core.service.RegistryViews.ModelPage;
import dev.mlops.core.service.Validation;
import dev.mlops.registry.api.RegistryRequests.Alias;
import dev.mlops.registry.api.RegistryRequests.CreateRegisteredModel;
import dev.mlops.registry.api.RegistryRequests.LatestVersions;
import dev.mlops.registry.api.RegistryRequests.ModelRef;
import dev.mlops.registry.api.RegistryRequests.ModelTag;
import dev.mlops.registry.api.RegistryRequests.RenameRegisteredModel;
import dev.mlops.registry.api.RegistryRequests.UpdateRegisteredModel;
import dev.mlops.registry.api.RegistryResponses.ModelVersionResponse;
import dev.mlops.registry.api.RegistryResponses.ModelVersionsResponse;
import dev.mlops.registry.api.RegistryResponses.RegisteredModelResponse;
import dev.mlops.registry.api.RegistryResponses.RegisteredModelsPage;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** MLflow's registered-models endpoints; each method decodes, makes one service call and encodes. */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models")
@Produces(MediaType.APPLICATION_JSON)
public class RegisteredModelResource {

    private final RegistryService registry;
    private final JsonCodec json;

    public RegisteredModelResource(RegistryService registry, JsonCodec json) {
        this.registry = registry;
        this.json = json;
    }

    @POST
    @Path("create")
    public RegisteredModelResponse create(byte[] body) {
        CreateRegisteredModel request = json.read(body, CreateRegisteredModel.class);
        return new RegisteredModelResponse(RegistryResponses.model(registry.createRegisteredModel(request.name(),
                WireMapper.tags(request.tags()), request.description())));
    }

    @GET
    @Path("get")
    public RegisteredModelResponse get(@QueryParam("name") String name) {
        return new RegisteredModelResponse(RegistryResponses.model(registry.getRegisteredModel(name)));
    }

    @POST
    @Path("rename")
    public RegisteredModelResponse rename(byte[] body) {
        RenameRegisteredModel request = json.read(body, RenameRegisteredModel.class);
        return new RegisteredModelResponse(RegistryResponses.model(
                registry.renameRegisteredModel(request.name(), request.newName())));
    }

    @PATCH
    @Path("update")
    public RegisteredModelResponse update(byte[] body) {
        UpdateRegisteredModel request = json.read(body, UpdateRegisteredModel.class);
        return new RegisteredModelResponse(RegistryResponses.model(
                registry.updateRegisteredModel(request.name(), request.description())));
    }

    @DELETE
    @Path("delete")
    public Map<String, Object> delete(byte[] body, @QueryParam("name") String name) {
        registry.deleteRegisteredModel(QueryParams.either(json.read(body, ModelRef.class).name(), name));
        return TrackingViews.EMPTY;
    }

    @GET
    @Path("search")
    public RegisteredModelsPage search(@QueryParam("filter") String filter,
                                       @QueryParam("max_results") String maxResults,
                                       @QueryParam("order_by") List<String> orderBy,
                                       @QueryParam("page_token") String pageToken) {
        ModelPage page = registry.searchRegisteredModels(filter, QueryParams.integer("max_results", maxResults),
                orderBy, pageToken);
        return new RegisteredModelsPage(page.models().stream().map(RegistryResponses::model).toList(),
                page.nextPageToken());
    }

    @POST
    @Path("get-latest-versions")
    public ModelVersionsResponse latestByBody(byte[] body) {
        LatestVersions request = json.read(body, LatestVersions.class);
        return latest(request.name(), request.stages());
    }

    @GET
    @Path("get-latest-versions")
    public ModelVersionsResponse latestByQuery(@QueryParam("name") String name,
                                               @QueryParam("stages") List<String> stages) {
        return latest(name, stages);
    }

    @POST
    @Path("set-tag")
    public Map<String, Object> setTag(byte[] body) {
        ModelTag request = json.read(body, ModelTag.class);
        Validation.required("value", request.value() == null ? null : "set");
        registry.setRegisteredModelTag(request.name(), request.key(), request.value());
        return TrackingViews.EMPTY;
    }

    @DELETE
    @Path("delete-tag")
    public Map<String, Object> deleteTag(byte[] body, @QueryParam("name") String name,
                                         @QueryParam("key") String key) {
        ModelTag request = json.read(body, ModelTag.class);
        registry.deleteRegisteredModelTag(QueryParams.either(request.name(), name),
                QueryParams.either(request.key(), key));
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("alias")
    public Map<String, Object> setAlias(byte[] body) {
        Alias request = json.read(body, Alias.class);
        registry.setAlias(request.name(), request.alias(), request.version());
        return TrackingViews.EMPTY;
    }

    @DELETE
    @Path("alias")
    public Map<String, Object> deleteAlias(byte[] body, @QueryParam("name") String name,
                                           @QueryParam("alias") String alias) {
        Alias request = json.read(body, Alias.class);
        registry.deleteAlias(QueryParams.either(request.name(), name), QueryParams.either(request.alias(), alias));
        return TrackingViews.EMPTY;
    }

    @GET
    @Path("alias")
    public ModelVersionResponse getByAlias(@QueryParam("name") String name, @QueryParam("alias") String alias) {
        return new ModelVersionResponse(RegistryResponses.version(registry.getModelVersionByAlias(name, alias)));
    }

    private ModelVersionsResponse latest(String name, List<String> stages) {
        return new ModelVersionsResponse(registry.getLatestVersions(name, stages).stream()
                .map(RegistryResponses::version).toList());
    }
}

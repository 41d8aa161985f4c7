package dev.mlops.api.resource;

import dev.mlops.api.JsonCodec;
import dev.mlops.api.dto.LoggedModelWire.LogOutputs;
import dev.mlops.api.dto.TrackingViews;
import dev.mlops.core.service.LoggedModelService;
import dev.mlops.core.domain.ModelOutput;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * runs/outputs (MLflow 3's LogOutputs), which {@code log_model} calls after creating the model. Its own class with
 * the full path: JAX-RS picks the root resource with the longest literal path, so it wins over RunResource's
 * {@code runs} for this one path without touching that class.
 */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/outputs")
@Produces(MediaType.APPLICATION_JSON)
public class RunOutputsResource {

    private final LoggedModelService models;
    private final JsonCodec json;

    public RunOutputsResource(LoggedModelService models, JsonCodec json) {
        this.models = models;
        this.json = json;
    }

    @POST
    public Map<String, Object> logOutputs(byte[] body) {
        LogOutputs request = json.read(body, LogOutputs.class);
        List<ModelOutput> outputs = request.models() == null ? List.of() : request.models().stream()
                .map(m -> new ModelOutput(m.modelId(), m.step() == null ? 0 : m.step())).toList();
        models.logOutputs(request.runId(), outputs);
        return TrackingViews.EMPTY;
    }
}

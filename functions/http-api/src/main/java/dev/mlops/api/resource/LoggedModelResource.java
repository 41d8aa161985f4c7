package dev.mlops.api.resource;

import dev.mlops.api.JsonCodec;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * MLflow 3 logged models. The tracking store holds none yet (they arrive with the model registry), so search
 * truthfully finds nothing. The client needs this answer: {@code list_artifacts} and {@code runs:/} downloads ask
 * whether a path names a logged model before listing the run's own artifacts.
 */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models")
@Produces(MediaType.APPLICATION_JSON)
public class LoggedModelResource {

    private final JsonCodec json;

    public LoggedModelResource(JsonCodec json) {
        this.json = json;
    }

    @POST
    @Path("search")
    public Map<String, Object> search(byte[] body) {
        json.read(body, Map.class);
        return Map.of("models", List.of());
    }
}

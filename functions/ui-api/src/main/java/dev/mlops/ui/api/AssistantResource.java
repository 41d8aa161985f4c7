package dev.mlops.ui.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * The MLflow assistant's {@code config} and {@code providers}, which the UI reads on every page. The assistant
 * drives a coding agent on the server's host; this server offers none, so it answers as MLflow does with nothing
 * configured and no provider: empty configuration, no providers, none resolved.
 */
@Path("/ajax-api/3.0/mlflow/assistant")
@Produces(MediaType.APPLICATION_JSON)
public class AssistantResource {

    @GET
    @Path("config")
    public Config config() {
        return new Config(Map.of(), Map.of(), false);
    }

    @GET
    @Path("providers")
    public Providers providers() {
        return new Providers(List.of(), null, Map.of());
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Config(Map<String, Object> providers, Map<String, Object> projects, boolean remoteAccessAllowed) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Providers(List<Object> providers, Object resolved, Map<String, List<String>> gatewayVendorOptions) {
    }
}

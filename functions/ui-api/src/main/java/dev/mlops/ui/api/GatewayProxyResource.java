package dev.mlops.ui.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code gateway-proxy}, which the experiment page asks for the AI gateway's endpoints. This server has no AI
 * gateway; MLflow's server without a deployments target answers an empty gateway, for GET and POST alike.
 */
@Path("/ajax-api/2.0/mlflow/gateway-proxy")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayProxyResource {

    static final Map<String, Object> NO_ENDPOINTS = Map.of("endpoints", List.of());

    @GET
    public Map<String, Object> get() {
        return NO_ENDPOINTS;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> post() {
        return NO_ENDPOINTS;
    }
}

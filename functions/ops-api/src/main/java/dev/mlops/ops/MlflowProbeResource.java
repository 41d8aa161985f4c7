package dev.mlops.ops;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * MLflow's own liveness probe, answered as {@code mlflow server} answers it (Flask: 200, text/html, {@code OK}).
 * It touches no storage: readiness is /q/health/ready.
 */
@Path("/health")
public class MlflowProbeResource {

    @GET
    @Produces("text/html; charset=utf-8")
    public String health() {
        return "OK";
    }
}

package dev.mlops.ops;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * MLflow's {@code /version}: the MLflow version this API is compatible with, as {@code mlflow server} answers
 * (200, text/html, the bare version string). Clients read it before using some APIs.
 */
@Path("/version")
public class MlflowVersionResource {

    /** The MLflow release whose REST API, error codes and client this backend is tested against. */
    public static final String MLFLOW_VERSION = "3.17.2";

    @GET
    @Produces("text/html; charset=utf-8")
    public String version() {
        return MLFLOW_VERSION;
    }
}

package dev.mlops.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code server-info} (MLflow 3): what the web UI and the Python client learn about the server before anything
 * else. We are neither of MLflow's stores, so {@code store_type} is null, as MLflow answers for other stores;
 * workspaces, trace archival and the AI gateway are off. Multipart transfers are advertised off: the client then
 * sends and fetches artifacts through the proxied endpoints, as it does with MLflow's default server. The
 * presigned-upload-url endpoint (for SageMaker's client) is not offered, so its two flags are false.
 */
@Path("/{prefix: api|ajax-api}/3.0/mlflow/server-info")
public class ServerInfoResource {

    static final ServerInfo INFO = new ServerInfo(null, false, false, false, false, false, false,
            Map.of("gateway", false));

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ServerInfo get() {
        return INFO;
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ServerInfo(String storeType, boolean workspacesEnabled, boolean traceArchivalEnabled,
                             boolean multipartUploadsEnabled, boolean multipartDownloadsEnabled,
                             boolean presignedUploadRunIdSupported, boolean presignedUploadModelIdSupported,
                             Map<String, Boolean> featuresEnabled) {
    }
}

package dev.mlops.api.resource;

import dev.mlops.api.dto.TrackingViews;
import dev.mlops.api.dto.TrackingViews.FileInfo;
import dev.mlops.api.dto.TrackingViews.ProxiedArtifacts;
import dev.mlops.api.dto.TrackingViews.RunArtifacts;
import dev.mlops.core.service.ArtifactService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.Map;

/**
 * artifacts/list for runs, and the proxied {@code mlflow-artifacts} endpoints the client uses when a run's
 * artifact URI is {@code mlflow-artifacts:/...}. Bodies stream; nothing is buffered whole.
 */
@Path("/{prefix: api|ajax-api}/2.0")
public class ArtifactResource {

    private final ArtifactService artifacts;

    public ArtifactResource(ArtifactService artifacts) {
        this.artifacts = artifacts;
    }

    @GET
    @Path("mlflow/artifacts/list")
    @Produces(MediaType.APPLICATION_JSON)
    public RunArtifacts listRun(@QueryParam("run_id") String runId, @QueryParam("run_uuid") String runUuid,
                                @QueryParam("path") String path) {
        ArtifactService.RunListing listing = artifacts.listRunArtifacts(Params.firstNonEmpty(runId, runUuid), path);
        return new RunArtifacts(listing.rootUri(),
                listing.files().stream().map(e -> new FileInfo(e.path(), e.isDir(), e.size())).toList(), null);
    }

    @GET
    @Path("mlflow-artifacts/artifacts")
    @Produces(MediaType.APPLICATION_JSON)
    public ProxiedArtifacts list(@QueryParam("path") String path) {
        return new ProxiedArtifacts(artifacts.list(path).stream()
                .map(e -> new FileInfo(e.path(), e.isDir(), e.size())).toList());
    }

    @PUT
    @Path("mlflow-artifacts/artifacts/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> upload(@PathParam("path") String path, InputStream body,
                                      @HeaderParam("Content-Length") Long contentLength) {
        artifacts.upload(path, body, contentLength == null ? 0 : contentLength);
        return TrackingViews.EMPTY;
    }

    @GET
    @Path("mlflow-artifacts/artifacts/{path: .+}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public StreamingOutput download(@PathParam("path") String path) {
        InputStream in = artifacts.download(path);
        return out -> {
            try (in) {
                in.transferTo(out);
            }
        };
    }

    @DELETE
    @Path("mlflow-artifacts/artifacts/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> delete(@PathParam("path") String path) {
        artifacts.delete(path);
        return TrackingViews.EMPTY;
    }
}

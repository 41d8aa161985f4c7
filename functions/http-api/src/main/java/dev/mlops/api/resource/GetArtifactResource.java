package dev.mlops.api.resource;

import dev.mlops.api.artifact.ArtifactDownloads;
import dev.mlops.core.service.ArtifactService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /get-artifact?path=&run_uuid=}: one file of a run's artifacts, as the MLflow web UI fetches it for
 * previews and downloads. No API prefix, as in MLflow's server (which has no prefixed variant either).
 */
@Path("/get-artifact")
public class GetArtifactResource {

    private final ArtifactService artifacts;

    public GetArtifactResource(ArtifactService artifacts) {
        this.artifacts = artifacts;
    }

    @GET
    public Response get(@QueryParam("path") String path, @QueryParam("run_id") String runId,
                        @QueryParam("run_uuid") String runUuid) {
        return ArtifactDownloads.file(path, artifacts.openRunArtifact(Params.firstNonEmpty(runId, runUuid), path));
    }
}

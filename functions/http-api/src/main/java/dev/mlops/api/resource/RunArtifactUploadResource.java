package dev.mlops.api.resource;

import dev.mlops.api.dto.TrackingViews;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.service.ArtifactService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The web UI's upload of a file into a run ({@code POST ajax-api/2.0/mlflow/upload-artifact?run_uuid=&path=}, the
 * raw bytes as body). At most 10 MB is read, so an oversize body costs no more memory than that.
 */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/upload-artifact")
@Produces(MediaType.APPLICATION_JSON)
public class RunArtifactUploadResource {

    private final ArtifactService artifacts;

    public RunArtifactUploadResource(ArtifactService artifacts) {
        this.artifacts = artifacts;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> upload(@QueryParam("run_uuid") String runUuid, @QueryParam("path") String path,
                                      InputStream body) {
        byte[] data;
        try {
            data = body == null ? new byte[0] : body.readNBytes(ArtifactService.MAX_RUN_UPLOAD_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidParameterException("Could not read the request body.", e);
        }
        artifacts.uploadRunArtifact(runUuid, path, data);
        return TrackingViews.EMPTY;
    }
}

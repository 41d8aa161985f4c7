package dev.mlops.api.resource;

import dev.mlops.api.JsonCodec;
import dev.mlops.api.artifact.ArtifactDownloads;
import dev.mlops.api.dto.TrackingViews;
import dev.mlops.api.dto.TrackingViews.ProxiedArtifacts;
import dev.mlops.api.dto.TrackingViews.RunArtifacts;
import dev.mlops.api.dto.WireMapper;
import dev.mlops.core.port.CompletedPart;
import dev.mlops.core.port.MultipartUpload;
import dev.mlops.core.service.ArtifactService;
import dev.mlops.core.service.Validation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * artifacts/list for runs, and the proxied {@code mlflow-artifacts} endpoints the client uses when a run's
 * artifact URI is {@code mlflow-artifacts:/...}. Bodies stream; nothing is buffered whole.
 */
@Path("/{prefix: api|ajax-api}/2.0")
public class ArtifactResource {

    private final ArtifactService artifacts;

    private final JsonCodec json;

    public ArtifactResource(ArtifactService artifacts, JsonCodec json) {
        this.artifacts = artifacts;
        this.json = json;
    }

    /** Starts a multipart upload whose parts the client PUTs straight to storage. */
    @POST
    @Path("mlflow-artifacts/mpu/create/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public MultipartCreated createMultipart(@PathParam("path") String path, byte[] body) {
        CreateMultipart request = json.read(body, CreateMultipart.class);
        Validation.required("num_parts", request.numParts());
        MultipartUpload upload = artifacts.createMultipartUpload(path, request.numParts());
        return new MultipartCreated(upload.uploadId(), upload.parts().stream()
                .map(p -> new PartCredential(p.url().toString(), p.partNumber(), Map.of())).toList());
    }

    @POST
    @Path("mlflow-artifacts/mpu/complete/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> completeMultipart(@PathParam("path") String path, byte[] body) {
        CompleteMultipart request = json.read(body, CompleteMultipart.class);
        List<CompletedPart> parts = request.parts() == null ? null : request.parts().stream()
                .map(p -> new CompletedPart(Validation.required("part_number", p.partNumber()),
                        Validation.required("etag", p.etag())))
                .toList();
        artifacts.completeMultipartUpload(path, request.uploadId(), parts);
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("mlflow-artifacts/mpu/abort/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> abortMultipart(@PathParam("path") String path, byte[] body) {
        artifacts.abortMultipartUpload(path, json.read(body, AbortMultipart.class).uploadId());
        return TrackingViews.EMPTY;
    }

    /** A presigned download URL, for artifacts too large to stream through a function. */
    @GET
    @Path("mlflow-artifacts/presigned/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public PresignedUrl presigned(@PathParam("path") String path) {
        return new PresignedUrl(artifacts.presignedDownload(path).toString(), Map.of());
    }

    public record CreateMultipart(String path, Integer numParts) {
    }

    public record PartCredential(String url, int partNumber, Map<String, String> headers) {
    }

    public record MultipartCreated(String uploadId, List<PartCredential> credentials) {
    }

    public record UploadedPart(Integer partNumber, String etag, String url) {
    }

    public record CompleteMultipart(String path, String uploadId, List<UploadedPart> parts) {
    }

    public record AbortMultipart(String path, String uploadId) {
    }

    public record PresignedUrl(String url, Map<String, String> headers) {
    }

    @GET
    @Path("mlflow/artifacts/list")
    @Produces(MediaType.APPLICATION_JSON)
    public RunArtifacts listRun(@QueryParam("run_id") String runId, @QueryParam("run_uuid") String runUuid,
                                @QueryParam("path") String path) {
        ArtifactService.RunListing listing = artifacts.listRunArtifacts(Params.firstNonEmpty(runId, runUuid), path);
        return new RunArtifacts(listing.rootUri(),
                listing.files().stream().map(WireMapper::fileInfo).toList(), null);
    }

    @GET
    @Path("mlflow-artifacts/artifacts")
    @Produces(MediaType.APPLICATION_JSON)
    public ProxiedArtifacts list(@QueryParam("path") String path) {
        return new ProxiedArtifacts(artifacts.list(path).stream()
                .map(WireMapper::fileInfo).toList());
    }

    @PUT
    @Path("mlflow-artifacts/artifacts/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> upload(@PathParam("path") String path, InputStream body,
                                      @HeaderParam("Content-Length") Long contentLength) {
        artifacts.upload(path, body, contentLength == null ? -1 : contentLength);
        return TrackingViews.EMPTY;
    }

    /** No {@code @Produces}: the file is served whatever the request's Accept header says, as MLflow does. */
    @GET
    @Path("mlflow-artifacts/artifacts/{path: .+}")
    public Response download(@PathParam("path") String path) {
        return ArtifactDownloads.file(path, artifacts.download(path));
    }

    @DELETE
    @Path("mlflow-artifacts/artifacts/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> delete(@PathParam("path") String path) {
        artifacts.delete(path);
        return TrackingViews.EMPTY;
    }
}

package dev.mlops.registry.api;

import dev.mlops.api.artifact.ArtifactDownloads;
import dev.mlops.core.service.ArtifactService;
import dev.mlops.core.service.RegistryService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /model-versions/get-artifact?path=&name=&version=}: one file of a model version, read below the
 * version's download URI (the web UI fetches {@code MLmodel} this way for the version page). No API prefix, as in
 * MLflow's server. The registry resolves where the version lives; the artifact service reads it there.
 */
@Path("/model-versions/get-artifact")
public class ModelVersionArtifactResource {

    private final RegistryService registry;
    private final ArtifactService artifacts;

    public ModelVersionArtifactResource(RegistryService registry, ArtifactService artifacts) {
        this.registry = registry;
        this.artifacts = artifacts;
    }

    @GET
    public Response get(@QueryParam("name") String name, @QueryParam("version") String version,
                        @QueryParam("path") String path) {
        return ArtifactDownloads.file(path,
                artifacts.openLocation(() -> registry.getModelVersionDownloadUri(name, version), path));
    }
}

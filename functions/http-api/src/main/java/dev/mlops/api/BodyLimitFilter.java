package dev.mlops.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses oversize JSON bodies from their Content-Length before reading them. Artifact uploads are exempt: they
 * stream to the store (the UI's upload-artifact reads at most its own 10 MB limit). Bodies without a length are checked again by {@link JsonCodec} once read.
 */
public class BodyLimitFilter {

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.contains("/mlflow-artifacts/") || path.endsWith("/mlflow/upload-artifact")) {
            return null;
        }
        int length = request.getLength();
        if (length > JsonCodec.MAX_BODY_BYTES) {
            var error = JsonCodec.tooLarge(length);
            return ErrorResponses.of(error.code(), error.getMessage());
        }
        return null;
    }
}

package dev.mlops.api;

import dev.mlops.core.error.ErrorCode;
import dev.mlops.core.error.MlopsException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place errors become MLflow's {@code {"error_code": ..., "message": ...}} with the code's HTTP status.
 * Messages are ours or MLflow's wording: JAX-RS and Java exception text never reaches the client, and the server's
 * own directories are cut out of every message ({@link ServerPaths}).
 */
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    private final ServerPaths paths;

    public ErrorResponses(ServerPaths paths) {
        this.paths = paths;
    }

    @ServerExceptionMapper
    public Response mlops(MlopsException e) {
        if (e.code().httpStatus() >= 500) {
            LOG.error(e.getMessage(), e);
        }
        return of(e.code(), paths.scrub(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return of(ErrorCode.ENDPOINT_NOT_FOUND, "No endpoint at this path.");
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return of(405, ErrorCode.BAD_REQUEST, "This endpoint does not accept that HTTP method.");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> of(status, ErrorCode.ENDPOINT_NOT_FOUND, "No endpoint at this path.");
            case 413 -> of(status, ErrorCode.RESOURCE_LIMIT_EXCEEDED, "The request body is too large.");
            case 414 -> of(status, ErrorCode.RESOURCE_LIMIT_EXCEEDED, "The request URL is too long.");
            case 415 -> of(status, ErrorCode.BAD_REQUEST, "This endpoint does not accept that content type.");
            default -> {
                if (status >= 500) {
                    LOG.error("Request failed", e);
                    yield of(status, ErrorCode.INTERNAL_ERROR, "An internal error occurred.");
                }
                yield of(status, ErrorCode.BAD_REQUEST, "Bad request.");
            }
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unexpected failure", e);
        return of(ErrorCode.INTERNAL_ERROR, "An internal error occurred. The server log has the details.");
    }

    public static Response of(ErrorCode code, String message) {
        return of(code.httpStatus(), code, message);
    }

    static Response of(int status, ErrorCode code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body(code, message)).build();
    }

    private static Map<String, String> body(ErrorCode code, String message) {
        return Map.of("error_code", code.name(), "message", message == null ? code.name() : message);
    }
}

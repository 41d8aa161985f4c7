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

/** The one place errors become MLflow's {@code {"error_code": ..., "message": ...}} with the code's HTTP status. */
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    @ServerExceptionMapper
    public Response mlops(MlopsException e) {
        if (e.code().httpStatus() >= 500) {
            LOG.error(e.getMessage(), e);
        }
        return of(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return of(ErrorCode.ENDPOINT_NOT_FOUND, "No endpoint at this path.");
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return Response.status(405).type(MediaType.APPLICATION_JSON)
                .entity(body(ErrorCode.BAD_REQUEST, "This endpoint does not accept that HTTP method.")).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorCode code = status == 404 ? ErrorCode.ENDPOINT_NOT_FOUND
                : status == 413 ? ErrorCode.RESOURCE_LIMIT_EXCEEDED
                : status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body(code, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unexpected failure", e);
        return of(ErrorCode.INTERNAL_ERROR, "Internal error: " + e.getClass().getSimpleName());
    }

    public static Response of(ErrorCode code, String message) {
        return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON).entity(body(code, message))
                .build();
    }

    private static Map<String, String> body(ErrorCode code, String message) {
        return Map.of("error_code", code.name(), "message", message == null ? code.name() : message);
    }
}

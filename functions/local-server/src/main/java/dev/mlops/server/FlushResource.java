package dev.mlops.server;

import dev.mlops.lake.FlushReport;
import dev.mlops.lakeapi.Flushes;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code ./mlops flush} against a running server: one flush of every run, answered with its report. */
@Path("/api/2.0/mlops/metrics/flush")
public class FlushResource {

    @Inject
    Flushes flushes;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public FlushReport flush() {
        return flushes.flushAll();
    }
}

package dev.mlops.ui.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code ui-telemetry}, which the web UI asks on every page load. This server collects no telemetry, so it answers
 * as MLflow's server does with telemetry disabled. A literal class path (not {@code ajax-api/3.0/mlflow} alone):
 * Quarkus REST matches literal class prefixes first, and a shorter one would capture server-info.
 *
 * <p>{@code users/current} exists only with MLflow's basic-auth app; without it MLflow answers 404, and so do we.
 */
@Path("/ajax-api/3.0/mlflow/ui-telemetry")
@Produces(MediaType.APPLICATION_JSON)
public class UiTelemetryResource {

    static final Map<String, Object> DISABLED = Map.of(
            "disable_ui_telemetry", true, "disable_ui_events", List.of(), "ui_rollout_percentage", 0);

    @GET
    public Map<String, Object> config() {
        return DISABLED;
    }

    /** Records are dropped unread: with telemetry off MLflow answers {@code disabled} before looking at them. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> records() {
        return Map.of("status", "disabled");
    }
}

package dev.mlops.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.MlopsException;
import dev.mlops.core.recovery.IncidentSimulator;
import dev.mlops.core.recovery.SnapshotKind;
import dev.mlops.core.service.RegistryValidation;
import dev.mlops.recoveryapi.AdminOperations;
import java.util.Map;

/**
 * One table from an operator action to {@link AdminOperations}: the same action names for a direct invocation
 * ({@code {"action": "recover", "dry_run": true}}) and for the admin routes ({@code POST /api/2.0/mlops/recover}),
 * which are the local server's routes too. Parameters are snake_case, as in the routes' JSON bodies.
 */
final class AdminRouter {

    /** Route path after {@code /api/2.0/mlops/} to action name. */
    static final Map<String, String> ROUTES = Map.ofEntries(
            Map.entry("POST snapshots/create", "snapshot"),
            Map.entry("GET snapshots/list", "list"),
            Map.entry("GET snapshots/get", "show"),
            Map.entry("POST snapshots/verify", "verify-snapshot"),
            Map.entry("POST snapshots/delete", "delete"),
            Map.entry("POST snapshots/restore", "restore"),
            Map.entry("POST snapshots/prune", "prune"),
            Map.entry("POST verify", "verify"),
            Map.entry("POST recover", "recover"),
            Map.entry("POST models/rollback", "rollback"),
            Map.entry("POST incidents/simulate", "simulate"),
            Map.entry("GET state/digest", "digest"));

    private final AdminOperations operations;

    AdminRouter(AdminOperations operations) {
        this.operations = operations;
    }

    JsonNode run(String action, JsonNode params) {
        JsonNode p = params == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : params;
        return switch (action == null ? "" : action) {
            case "snapshot" -> operations.createSnapshot(text(p, "tag"), text(p, "description"), SnapshotKind.MANUAL);
            case "scheduled" -> operations.scheduled();
            case "list" -> operations.listSnapshots();
            case "show" -> operations.getSnapshot(required(p, "snapshot_id"));
            case "verify-snapshot" -> operations.verifySnapshot(required(p, "snapshot_id"));
            case "delete" -> operations.deleteSnapshot(required(p, "snapshot_id"));
            case "restore" -> operations.restoreSnapshot(required(p, "snapshot_id"));
            case "prune" -> operations.prune();
            case "verify" -> operations.verify();
            case "recover" -> operations.recover(p.path("dry_run").asBoolean(false));
            case "rollback" -> operations.rollback(required(p, "name"), version(text(p, "to_version")),
                    text(p, "reason"));
            case "simulate" -> operations.simulate(required(p, "kind"), new IncidentSimulator.Target(text(p, "run"),
                    text(p, "model"), text(p, "file"), p.hasNonNull("seed") ? p.get("seed").asLong() : null));
            case "digest" -> operations.digest();
            default -> throw new InvalidParameterException("Unknown action '" + action + "'. Actions: snapshot, "
                    + "scheduled, list, show, verify-snapshot, delete, restore, prune, verify, recover, rollback, "
                    + "simulate, digest.");
        };
    }

    /** MLflow's error body for a failure, with the code's status. */
    static Map<String, Object> error(MlopsException e) {
        return Map.of("error_code", e.code().name(), "message", e.getMessage());
    }

    static int status(MlopsException e) {
        return e.code().httpStatus();
    }

    private static Integer version(String text) {
        return text == null || text.isBlank() ? null : RegistryValidation.version(text);
    }

    private static String text(JsonNode p, String field) {
        JsonNode v = p.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(JsonNode p, String field) {
        String v = text(p, field);
        if (v == null || v.isBlank()) {
            throw new InvalidParameterException("Missing value for required parameter '" + field + "'.");
        }
        return v;
    }
}

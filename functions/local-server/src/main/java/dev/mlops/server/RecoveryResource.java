package dev.mlops.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.recovery.IncidentSimulator;
import dev.mlops.core.recovery.SnapshotKind;
import dev.mlops.recoveryapi.AdminOperations;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The operator routes ({@code ./mlops snapshot|verify|recover|rollback|incident} call them): each decodes, makes one
 * call to {@link AdminOperations} and answers its JSON. State-changing actions are POSTs, so an audit of every
 * state-changing route records them too.
 */
@Path("/api/2.0/mlops")
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryResource {

    /** Request bodies; absent fields are null. */
    public record SnapshotRequest(String snapshotId, String tag, String description) {
    }

    public record RecoverRequest(Boolean dryRun) {
    }

    public record RollbackRequest(String name, String toVersion, String reason) {
    }

    public record SimulateRequest(String kind, String run, String model, String file, Long seed) {
    }

    @Inject
    AdminOperations operations;

    @POST
    @Path("/snapshots/create")
    public JsonNode create(SnapshotRequest body) {
        SnapshotRequest r = body == null ? new SnapshotRequest(null, null, null) : body;
        return operations.createSnapshot(r.tag(), r.description(), SnapshotKind.MANUAL);
    }

    @GET
    @Path("/snapshots/list")
    public JsonNode list() {
        return operations.listSnapshots();
    }

    @GET
    @Path("/snapshots/get")
    public JsonNode get(@QueryParam("snapshot_id") String id) {
        return operations.getSnapshot(id);
    }

    @POST
    @Path("/snapshots/verify")
    public JsonNode verifySnapshot(SnapshotRequest body) {
        return operations.verifySnapshot(id(body));
    }

    @POST
    @Path("/snapshots/delete")
    public JsonNode delete(SnapshotRequest body) {
        return operations.deleteSnapshot(id(body));
    }

    @POST
    @Path("/snapshots/restore")
    public JsonNode restore(SnapshotRequest body) {
        return operations.restoreSnapshot(id(body));
    }

    @POST
    @Path("/snapshots/prune")
    public JsonNode prune() {
        return operations.prune();
    }

    @POST
    @Path("/verify")
    public JsonNode verify() {
        return operations.verify();
    }

    @POST
    @Path("/recover")
    public JsonNode recover(RecoverRequest body) {
        return operations.recover(body != null && Boolean.TRUE.equals(body.dryRun()));
    }

    @POST
    @Path("/models/rollback")
    public JsonNode rollback(RollbackRequest body) {
        if (body == null) {
            throw new InvalidParameterException("Missing value for required parameter 'name'.");
        }
        Integer to = body.toVersion() == null || body.toVersion().isBlank() ? null
                : dev.mlops.core.service.RegistryValidation.version(body.toVersion());
        return operations.rollback(body.name(), to, body.reason());
    }

    @POST
    @Path("/incidents/simulate")
    public JsonNode simulate(SimulateRequest body) {
        SimulateRequest r = body == null ? new SimulateRequest(null, null, null, null, null) : body;
        return operations.simulate(r.kind(), new IncidentSimulator.Target(r.run(), r.model(), r.file(), r.seed()));
    }

    @GET
    @Path("/state/digest")
    public JsonNode digest() {
        return operations.digest();
    }

    private static String id(SnapshotRequest body) {
        if (body == null || body.snapshotId() == null || body.snapshotId().isBlank()) {
            throw new InvalidParameterException("Missing value for required parameter 'snapshot_id'.");
        }
        return body.snapshotId();
    }
}

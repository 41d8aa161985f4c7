package dev.mlops.recoveryapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.recovery.Finding;
import dev.mlops.core.recovery.IncidentSimulator;
import dev.mlops.core.recovery.SnapshotKind;
import dev.mlops.core.recovery.SnapshotManifest;
import dev.mlops.core.recovery.VerifyReport;
import dev.mlops.core.service.RegistryValidation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The operator actions, one method each, JSON in and out (snake_case, as MLflow's API): what the local server's
 * admin routes under {@code /api/2.0/mlops/}, the recovery Lambda and so {@code ./mlops} call. Each method is one
 * service call and its encoding.
 */
@ApplicationScoped
public class AdminOperations {

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .findAndRegisterModules();

    @Inject
    RecoveryKit kit;

    public AdminOperations() {
    }

    AdminOperations(RecoveryKit kit) {
        this.kit = kit;
    }

    public static AdminOperations over(RecoveryKit kit) {
        return new AdminOperations(kit);
    }

    public JsonNode createSnapshot(String tag, String description, SnapshotKind kind) {
        return wrap("snapshot", kit.snapshots().create(tag, description, kind == null ? SnapshotKind.MANUAL : kind));
    }

    public JsonNode listSnapshots() {
        return wrap("snapshots", kit.snapshots().list());
    }

    public JsonNode getSnapshot(String idOrTag) {
        return wrap("snapshot", kit.snapshots().show(idOrTag));
    }

    public JsonNode verifySnapshot(String idOrTag) {
        return wrap("check", kit.snapshots().verify(idOrTag));
    }

    public JsonNode deleteSnapshot(String idOrTag) {
        SnapshotManifest snapshot = kit.snapshots().show(idOrTag);
        kit.snapshots().delete(snapshot.id());
        return JSON.createObjectNode().put("deleted", snapshot.id());
    }

    public JsonNode restoreSnapshot(String idOrTag) {
        return wrap("restore", kit.restore().restore(idOrTag));
    }

    public JsonNode prune() {
        return wrap("prune", kit.snapshots().prune());
    }

    /** Verify everything; findings are announced as IncidentDetected. */
    public JsonNode verify() {
        VerifyReport report = kit.verifier().verify(true);
        ObjectNode out = JSON.createObjectNode();
        out.put("clean", report.clean());
        out.set("findings", findings(report.findings()));
        out.set("checked", JSON.valueToTree(report.checked()));
        out.put("millis", report.millis());
        return out;
    }

    public JsonNode recover(boolean dryRun) {
        return wrap("recovery", kit.recovery().recover(dryRun));
    }

    public JsonNode rollback(String name, Integer toVersion, String reason) {
        RegistryValidation.modelName(name);
        return wrap("rollback", kit.rollback().rollBack(name, toVersion, reason == null ? "operator rollback"
                : reason));
    }

    public JsonNode simulate(String kind, IncidentSimulator.Target target) {
        if (kind == null || kind.isBlank()) {
            throw new InvalidParameterException("Missing value for required parameter 'kind'.");
        }
        return wrap("incident", kit.simulator().simulate(kind, target));
    }

    public JsonNode digest() {
        return wrap("digest", kit.digest());
    }

    /** The daily schedule: a snapshot, then the retention policy. */
    public JsonNode scheduled() {
        ObjectNode out = JSON.createObjectNode();
        out.set("snapshot", JSON.valueToTree(kit.snapshots().create(null, "scheduled daily snapshot",
                SnapshotKind.SCHEDULED)));
        out.set("prune", JSON.valueToTree(kit.snapshots().prune()));
        return out;
    }

    static ArrayNode findings(List<Finding> findings) {
        ArrayNode array = JSON.createArrayNode();
        for (Finding f : findings) {
            array.addObject().put("kind", f.kind()).put("target", f.target()).put("severity", f.severity().name())
                    .put("message", f.message());
        }
        return array;
    }

    private static JsonNode wrap(String field, Object value) {
        ObjectNode out = JSON.createObjectNode();
        out.set(field, JSON.valueToTree(value));
        return out;
    }
}

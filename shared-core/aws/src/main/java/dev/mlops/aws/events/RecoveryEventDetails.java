package dev.mlops.aws.events;

import dev.mlops.core.port.DomainEvent.IncidentDetected;
import dev.mlops.core.port.DomainEvent.ModelPerformanceDegraded;
import dev.mlops.core.port.DomainEvent.ModelRolledBack;
import dev.mlops.core.port.DomainEvent.RecoveryCompleted;
import dev.mlops.core.port.DomainEvent.RecoveryEvent;
import dev.mlops.core.port.DomainEvent.RecoveryFailed;
import dev.mlops.core.port.DomainEvent.SnapshotCreated;
import java.util.Map;

/**
 * The bus shape of the recovery family (docs/events.md, "Recovery events"), kept apart from {@link EventDetails} so
 * that file stays about tracking and the registry. Same rules: literal detail-types, snake_case, versions as strings.
 */
final class RecoveryEventDetails {

    private RecoveryEventDetails() {
    }

    static String detailType(RecoveryEvent event) {
        return switch (event) {
            case SnapshotCreated e -> "SnapshotCreated";
            case IncidentDetected e -> "IncidentDetected";
            case RecoveryCompleted e -> "RecoveryCompleted";
            case RecoveryFailed e -> "RecoveryFailed";
            case ModelRolledBack e -> "ModelRolledBack";
            case ModelPerformanceDegraded e -> "ModelPerformanceDegraded";
        };
    }

    static String resourceId(RecoveryEvent event) {
        return switch (event) {
            case SnapshotCreated e -> e.snapshotId();
            case IncidentDetected e -> e.target();
            case RecoveryCompleted e -> e.target();
            case RecoveryFailed e -> e.target();
            case ModelRolledBack e -> e.name();
            case ModelPerformanceDegraded e -> e.name() + "/" + e.version();
        };
    }

    static void fill(RecoveryEvent event, Map<String, Object> detail) {
        switch (event) {
            case SnapshotCreated e -> {
                detail.put("snapshot_id", e.snapshotId());
                EventDetails.putIfPresent(detail, "tag", e.tag());
                detail.put("kind", e.kind());
                detail.put("root_digest", e.rootDigest());
                detail.put("parts", e.parts());
                detail.put("entries", e.entries());
            }
            case IncidentDetected e -> {
                detail.put("finding", e.finding());
                detail.put("target", e.target());
                detail.put("severity", e.severity());
                detail.put("message", e.message());
            }
            case RecoveryCompleted e -> {
                detail.put("finding", e.finding());
                detail.put("target", e.target());
                detail.put("strategy", e.strategy());
                detail.put("millis", e.millis());
            }
            case RecoveryFailed e -> {
                detail.put("finding", e.finding());
                detail.put("target", e.target());
                detail.put("severity", "CRITICAL");
                detail.put("strategies_tried", e.strategiesTried());
                detail.put("message", e.message());
            }
            case ModelRolledBack e -> {
                detail.put("name", e.name());
                detail.put("from_version", Integer.toString(e.fromVersion()));
                detail.put("to_version", Integer.toString(e.toVersion()));
                detail.put("aliases_moved", e.aliasesMoved());
                detail.put("reason", e.reason());
            }
            case ModelPerformanceDegraded e -> {
                detail.put("name", e.name());
                detail.put("version", Integer.toString(e.version()));
                detail.put("metric", e.metric());
                detail.put("baseline", e.baseline());
                detail.put("value", e.value());
                detail.put("drop", e.drop());
                detail.put("severity", e.severity());
                detail.put("evaluation_run_id", e.evaluationRunId());
            }
        }
    }
}

package dev.mlops.aws.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.DomainEvent.ArtifactIngested;
import dev.mlops.core.port.DomainEvent.ExperimentCreated;
import dev.mlops.core.port.DomainEvent.HealthReport;
import dev.mlops.core.port.DomainEvent.HealthStatusChanged;
import dev.mlops.core.port.DomainEvent.IngestionFailed;
import dev.mlops.core.port.DomainEvent.MetricFlushRequested;
import dev.mlops.core.port.DomainEvent.MetricsLogged;
import dev.mlops.core.port.DomainEvent.ModelAliasDeleted;
import dev.mlops.core.port.DomainEvent.ModelAliasSet;
import dev.mlops.core.port.DomainEvent.ModelVersionTagDeleted;
import dev.mlops.core.port.DomainEvent.ModelVersionTagSet;
import dev.mlops.core.port.DomainEvent.OperationRejected;
import dev.mlops.core.port.DomainEvent.RegisteredModelCreated;
import dev.mlops.core.port.DomainEvent.ModelVersionCreated;
import dev.mlops.core.port.DomainEvent.ModelVersionStageChanged;
import dev.mlops.core.port.DomainEvent.PromotionRejected;
import dev.mlops.core.port.DomainEvent.RunCreated;
import dev.mlops.core.port.DomainEvent.RunFinished;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public shape of each event on the bus (documented in docs/events.md): detail-type is the record's simple
 * name, detail is snake_case JSON. Names are literals so renaming a record cannot silently break subscribers; the
 * switch is exhaustive, so a new event type does not compile until it has a schema here.
 */
final class EventDetails {

    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventDetails() {
    }

    static String detailType(DomainEvent event) {
        return switch (event) {
            case ExperimentCreated e -> "ExperimentCreated";
            case RunCreated e -> "RunCreated";
            case RunFinished e -> "RunFinished";
            case MetricsLogged e -> "MetricsLogged";
            case MetricFlushRequested e -> "MetricFlushRequested";
            case ModelVersionCreated e -> "ModelVersionCreated";
            case ModelVersionStageChanged e -> "ModelVersionStageChanged";
            case ModelAliasSet e -> "ModelAliasSet";
            case PromotionRejected e -> "PromotionRejected";
            case ArtifactIngested e -> "ArtifactIngested";
            case IngestionFailed e -> "IngestionFailed";
            case RegisteredModelCreated e -> "RegisteredModelCreated";
            case ModelVersionTagSet e -> "ModelVersionTagSet";
            case ModelVersionTagDeleted e -> "ModelVersionTagDeleted";
            case ModelAliasDeleted e -> "ModelAliasDeleted";
            case OperationRejected e -> "OperationRejected";
            case HealthReport e -> "HealthReport";
            case HealthStatusChanged e -> "HealthStatusChanged";
            case DomainEvent.RecoveryEvent e -> RecoveryEventDetails.detailType(e);
        };
    }

    /** The id a failure report names: the run when there is one, else the experiment, model or object key. */
    static String resourceId(DomainEvent event) {
        return switch (event) {
            case ExperimentCreated e -> e.experimentId();
            case RunCreated e -> e.runId();
            case RunFinished e -> e.runId();
            case MetricsLogged e -> e.runId();
            case MetricFlushRequested e -> e.runId();
            case ModelVersionCreated e -> e.name() + "/" + e.version();
            case ModelVersionStageChanged e -> e.name() + "/" + e.version();
            case ModelAliasSet e -> e.name() + "@" + e.alias();
            case PromotionRejected e -> e.name() + "/" + e.version();
            case ArtifactIngested e -> e.key();
            case IngestionFailed e -> e.key();
            case RegisteredModelCreated e -> e.name();
            case ModelVersionTagSet e -> e.name() + "/" + e.version();
            case ModelVersionTagDeleted e -> e.name() + "/" + e.version();
            case ModelAliasDeleted e -> e.name() + "@" + e.alias();
            case OperationRejected e -> e.version() == 0 ? e.name() : e.name() + "/" + e.version();
            case HealthReport e -> "health";
            case HealthStatusChanged e -> "health";
            case DomainEvent.RecoveryEvent e -> RecoveryEventDetails.resourceId(e);
        };
    }

    static String detail(DomainEvent event) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("schema_version", SCHEMA_VERSION);
        switch (event) {
            case ExperimentCreated e -> {
                detail.put("experiment_id", e.experimentId());
                detail.put("name", e.name());
            }
            case RunCreated e -> {
                detail.put("experiment_id", e.experimentId());
                detail.put("run_id", e.runId());
                if (e.parentRunId() != null) {
                    detail.put("parent_run_id", e.parentRunId());
                }
            }
            case RunFinished e -> {
                detail.put("experiment_id", e.experimentId());
                detail.put("run_id", e.runId());
                detail.put("status", e.status());
            }
            case MetricsLogged e -> {
                detail.put("experiment_id", e.experimentId());
                detail.put("run_id", e.runId());
                detail.put("points", e.points());
                detail.put("keys", e.keys());
                detail.put("max_step", e.maxStep());
            }
            case MetricFlushRequested e -> {
                detail.put("experiment_id", e.experimentId());
                detail.put("run_id", e.runId());
                detail.put("buffered_points", e.bufferedPoints());
            }
            case ModelVersionCreated e -> {
                detail.put("name", e.name());
                detail.put("version", Integer.toString(e.version()));
                putIfPresent(detail, "source", e.source());
                putIfPresent(detail, "run_id", e.runId());
                detail.put("tags", new java.util.TreeMap<>(e.tags()));
                putIfPresent(detail, "description", e.description());
            }
            case RegisteredModelCreated e -> {
                detail.put("name", e.name());
                detail.put("tags", new java.util.TreeMap<>(e.tags()));
                putIfPresent(detail, "description", e.description());
            }
            case ModelVersionTagSet e -> {
                detail.put("name", e.name());
                detail.put("version", Integer.toString(e.version()));
                detail.put("key", e.key());
                detail.put("value", e.value());
            }
            case ModelVersionTagDeleted e -> {
                detail.put("name", e.name());
                detail.put("version", Integer.toString(e.version()));
                detail.put("key", e.key());
            }
            case ModelAliasDeleted e -> {
                detail.put("name", e.name());
                detail.put("alias", e.alias());
            }
            case OperationRejected e -> {
                detail.put("operation", e.operation());
                detail.put("name", e.name());
                if (e.version() > 0) {
                    detail.put("version", Integer.toString(e.version()));
                }
                detail.put("target", e.target());
                detail.put("rule", e.rule());
                detail.put("reason", e.reason());
            }
            case ModelVersionStageChanged e -> {
                detail.put("name", e.name());
                detail.put("version", Integer.toString(e.version()));
                detail.put("from_stage", e.fromStage());
                detail.put("to_stage", e.toStage());
                detail.put("archived_versions", e.archivedVersions().stream().map(String::valueOf).toList());
            }
            case ModelAliasSet e -> {
                detail.put("name", e.name());
                detail.put("alias", e.alias());
                detail.put("version", Integer.toString(e.version()));
            }
            case PromotionRejected e -> {
                detail.put("name", e.name());
                detail.put("version", Integer.toString(e.version()));
                detail.put("target", e.target());
                detail.put("rule", e.rule());
                detail.put("reason", e.reason());
            }
            case ArtifactIngested e -> {
                detail.put("bucket", e.bucket());
                detail.put("key", e.key());
                putIfPresent(detail, "object_version", e.objectVersion());
                detail.put("name", e.name());
                detail.put("version", Integer.toString(e.version()));
                detail.put("sha256", e.sha256());
                detail.put("size", e.size());
            }
            case IngestionFailed e -> {
                detail.put("bucket", e.bucket());
                detail.put("key", e.key());
                detail.put("reason", e.reason());
            }
            case HealthReport e -> {
                detail.put("status", e.status());
                detail.put("checks", e.checks().stream().map(c -> {
                    Map<String, Object> check = new LinkedHashMap<>();
                    check.put("name", c.name());
                    check.put("status", c.status());
                    check.put("message", c.message());
                    check.put("data", c.data());
                    return check;
                }).toList());
            }
            case HealthStatusChanged e -> {
                detail.put("from", e.from());
                detail.put("to", e.to());
                detail.put("failing", e.failing());
                detail.put("reason", e.reason());
            }
            case DomainEvent.RecoveryEvent e -> RecoveryEventDetails.fill(e, detail);
        }
        detail.put("timestamp", event.timestamp());
        try {
            return JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void putIfPresent(Map<String, Object> detail, String field, String value) {
        if (value != null && !value.isEmpty()) {
            detail.put(field, value);
        }
    }
}

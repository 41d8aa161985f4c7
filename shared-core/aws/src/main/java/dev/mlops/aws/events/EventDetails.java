package dev.mlops.aws.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.DomainEvent.ExperimentCreated;
import dev.mlops.core.port.DomainEvent.MetricsLogged;
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
        };
    }

    /** The id a failure report names: the run when there is one, else the experiment. */
    static String resourceId(DomainEvent event) {
        return switch (event) {
            case ExperimentCreated e -> e.experimentId();
            case RunCreated e -> e.runId();
            case RunFinished e -> e.runId();
            case MetricsLogged e -> e.runId();
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
        }
        detail.put("timestamp", event.timestamp());
        try {
            return JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

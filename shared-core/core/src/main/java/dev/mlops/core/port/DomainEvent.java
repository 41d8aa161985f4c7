package dev.mlops.core.port;

/** Facts the services announce after a write has succeeded. Every event names its resource ids and a time. */
public sealed interface DomainEvent {

    long timestamp();

    record ExperimentCreated(String experimentId, String name, long timestamp) implements DomainEvent {
    }

    record RunCreated(String experimentId, String runId, String parentRunId, long timestamp) implements DomainEvent {
    }

    record RunFinished(String experimentId, String runId, String status, long timestamp) implements DomainEvent {
    }

    /** A summary per log call, not an event per point. */
    record MetricsLogged(String experimentId, String runId, int points, int keys, long maxStep, long timestamp)
            implements DomainEvent {
    }
}

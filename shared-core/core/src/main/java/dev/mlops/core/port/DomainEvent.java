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

    /** A run's metric buffer passed the flush threshold; the metric-flush function subscribes. */
    record MetricFlushRequested(String experimentId, String runId, long bufferedPoints, long timestamp)
            implements DomainEvent {
    }

    /** A new model version; {@code tags} and {@code description} are what the request gave (webhook payloads). */
    record ModelVersionCreated(String name, int version, String source, String runId,
                               java.util.Map<String, String> tags, String description, long timestamp)
            implements DomainEvent {

        public ModelVersionCreated {
            tags = tags == null ? java.util.Map.of() : java.util.Map.copyOf(tags);
        }

        public ModelVersionCreated(String name, int version, String source, String runId, long timestamp) {
            this(name, version, source, runId, java.util.Map.of(), null, timestamp);
        }
    }

    record RegisteredModelCreated(String name, java.util.Map<String, String> tags, String description,
                                  long timestamp) implements DomainEvent {

        public RegisteredModelCreated {
            tags = tags == null ? java.util.Map.of() : java.util.Map.copyOf(tags);
        }
    }

    record ModelVersionTagSet(String name, int version, String key, String value, long timestamp)
            implements DomainEvent {
    }

    record ModelVersionTagDeleted(String name, int version, String key, long timestamp) implements DomainEvent {
    }

    record ModelAliasDeleted(String name, String alias, long timestamp) implements DomainEvent {
    }

    /**
     * A pre-hook refused an operation ({@code create_version}, {@code stage}, {@code alias}, {@code delete_model},
     * {@code delete_version}); nothing was changed. {@code version} is 0 when the operation names no version.
     */
    record OperationRejected(String operation, String name, int version, String target, String rule, String reason,
                             long timestamp) implements DomainEvent {
    }

    record ModelVersionStageChanged(String name, int version, String fromStage, String toStage,
                                    java.util.List<Integer> archivedVersions, long timestamp) implements DomainEvent {
    }

    record ModelAliasSet(String name, String alias, int version, long timestamp) implements DomainEvent {
    }

    /** A promotion gate refused a transition or alias change; {@code rule} is the failed rule as configured. */
    record PromotionRejected(String name, int version, String target, String rule, String reason, long timestamp)
            implements DomainEvent {
    }

    /** An object under the ingestion prefix became a model version. */
    record ArtifactIngested(String bucket, String key, String objectVersion, String name, int version,
                            String sha256, long size, long timestamp) implements DomainEvent {
    }

    /** An S3 event record was refused; {@code reason} says why. The rest of its batch went on. */
    record IngestionFailed(String bucket, String key, String reason, long timestamp) implements DomainEvent {
    }

    /**
     * The health function's scheduled report: the overall status ({@code UP} or {@code DOWN}) and each check's
     * level, message and figures.
     */
    record HealthReport(String status, java.util.List<HealthReport.Check> checks, long timestamp)
            implements DomainEvent {

        public HealthReport {
            checks = java.util.List.copyOf(checks);
        }

        /** One check: {@code status} is UP, WARNING or DOWN; {@code data} holds strings, booleans and numbers. */
        public record Check(String name, String status, String message, java.util.Map<String, Object> data) {
        }
    }

    /**
     * The overall status changed ({@code from} is {@code UNKNOWN} on the first report ever). Announced once per
     * change, so a rule on {@code to: DOWN} can page someone. {@code failing} names the checks that were DOWN.
     */
    record HealthStatusChanged(String from, String to, java.util.List<String> failing, String reason,
                               long timestamp) implements DomainEvent {

        public HealthStatusChanged {
            failing = java.util.List.copyOf(failing);
        }
    }

    /**
     * Snapshots, incidents, recovery and model health (docs/events.md, "Recovery events"). One sub-interface, so
     * publishers that render events can hand the whole family to one place.
     */
    sealed interface RecoveryEvent extends DomainEvent {
    }

    /** A snapshot's manifest was committed; {@code kind} is MANUAL, SCHEDULED or SAFETY. */
    record SnapshotCreated(String snapshotId, String tag, String kind, String rootDigest, long parts, long entries,
                           long timestamp) implements RecoveryEvent {
    }

    /** Verify found damage; {@code finding} is the finding's kind, {@code target} what it concerns. */
    record IncidentDetected(String finding, String target, String severity, String message, long timestamp)
            implements RecoveryEvent {
    }

    /** A finding was repaired by {@code strategy} and the state verified afterwards. */
    record RecoveryCompleted(String finding, String target, String strategy, long millis, long timestamp)
            implements RecoveryEvent {
    }

    /** No strategy repaired a finding; it is left as it was. Always CRITICAL. */
    record RecoveryFailed(String finding, String target, java.util.List<String> strategiesTried, String message,
                          long timestamp) implements RecoveryEvent {
    }

    /** Production (and the champion alias when set) moved from one version to another in one atomic step. */
    record ModelRolledBack(String name, int fromVersion, int toVersion, java.util.List<String> aliasesMoved,
                           String reason, long timestamp) implements RecoveryEvent {
    }

    /** An evaluation of a registered version fell below its baseline by more than a threshold. */
    record ModelPerformanceDegraded(String name, int version, String metric, double baseline, double value,
                                    double drop, String severity, String evaluationRunId, long timestamp)
            implements RecoveryEvent {
    }
}

package dev.mlops.recoveryapi;

import dev.mlops.core.port.Backend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.MetricStore;
import dev.mlops.core.recovery.IncidentSimulator;
import dev.mlops.core.recovery.LakeInspection;
import dev.mlops.core.recovery.ModelRollback;
import dev.mlops.core.recovery.PartProvider;
import dev.mlops.core.recovery.PerformanceMonitor;
import dev.mlops.core.recovery.RecoveryBackend;
import dev.mlops.core.recovery.RecoveryService;
import dev.mlops.core.recovery.RestoreService;
import dev.mlops.core.recovery.RetentionPolicy;
import dev.mlops.core.recovery.SnapshotService;
import dev.mlops.core.recovery.StateDigest;
import dev.mlops.core.recovery.StateVerifier;
import dev.mlops.core.recovery.VersionArtifacts;
import dev.mlops.core.service.TrackingService;
import java.time.InstantSource;
import java.util.List;

/**
 * Every recovery service of one backend, assembled in one place, without CDI: the producer builds it from beans and
 * the tests build it from a backend they opened themselves.
 */
public final class RecoveryKit {

    public record Settings(RetentionPolicy retention, StateVerifier.Settings verify,
                           PerformanceMonitor.Settings alerts, boolean incidentsEnabled) {
    }

    private final Backend backend;
    private final RecoveryBackend recovery;
    private final MetricStore metrics;
    private final SnapshotService snapshots;
    private final RestoreService restore;
    private final StateVerifier verifier;
    private final RecoveryService recoveryService;
    private final IncidentSimulator simulator;
    private final ModelRollback rollback;

    public RecoveryKit(Backend backend, RecoveryBackend recovery, LakeInspection lake, MetricStore metrics,
                       TrackingService tracking, ModelRollback rollback, VersionArtifacts artifacts, Settings settings,
                       EventPublisher events, InstantSource clock, RestoreService.StepHook hook) {
        this.backend = backend;
        this.recovery = recovery;
        this.metrics = metrics;
        this.rollback = rollback;
        this.snapshots = new SnapshotService(recovery, events, clock, settings.retention());
        this.restore = new RestoreService(recovery, snapshots, clock, hook);
        this.verifier = new StateVerifier(recovery, lake, artifacts, snapshots, events, clock,
                settings.verify());
        this.recoveryService = new RecoveryService(recovery, verifier, snapshots, restore, lake, artifacts, rollback,
                events, clock);
        this.simulator = new IncidentSimulator(settings.incidentsEnabled(), recovery, lake, artifacts, tracking,
                settings.alerts()::metricFor, settings.verify(), clock);
    }

    public Backend backend() {
        return backend;
    }

    public RecoveryBackend recoveryBackend() {
        return recovery;
    }

    public SnapshotService snapshots() {
        return snapshots;
    }

    public RestoreService restore() {
        return restore;
    }

    public StateVerifier verifier() {
        return verifier;
    }

    public RecoveryService recovery() {
        return recoveryService;
    }

    public IncidentSimulator simulator() {
        return simulator;
    }

    public ModelRollback rollback() {
        return rollback;
    }

    /** The logical state digest: records, every metric point once, artifact bytes (and ingested objects). */
    public StateDigest.Result digest() {
        List<PartProvider> objects = recovery.parts().stream()
                .filter(p -> p.name().equals("artifacts") || p.name().equals("ingested")).toList();
        return StateDigest.of(recovery.view(), metrics, objects);
    }
}

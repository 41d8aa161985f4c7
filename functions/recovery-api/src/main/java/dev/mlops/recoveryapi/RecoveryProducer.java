package dev.mlops.recoveryapi;

import dev.mlops.api.AlertsConfig;
import dev.mlops.api.IncidentConfig;
import dev.mlops.api.RecoveryConfig;
import dev.mlops.api.RecoveryWiring;
import dev.mlops.api.SnapshotConfig;
import dev.mlops.core.port.Backend;
import dev.mlops.core.recovery.ModelRollback;
import dev.mlops.core.recovery.RecoveryBackend;
import dev.mlops.core.recovery.RestoreService;
import dev.mlops.core.recovery.RetentionPolicy;
import dev.mlops.core.recovery.StateVerifier;
import dev.mlops.core.recovery.VersionArtifacts;
import dev.mlops.core.service.TrackingService;
import dev.mlops.lakeapi.Lake;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/** Builds the recovery services of the configured backend (and its lake) from the configuration. */
@ApplicationScoped
public class RecoveryProducer {

    @Produces
    @Singleton
    RecoveryKit kit(Backend backend, RecoveryBackend recovery, Lake lake, TrackingService tracking,
                    ModelRollback rollback, VersionArtifacts artifacts, RecoveryConfig config, SnapshotConfig snapshots,
                    IncidentConfig incidents, AlertsConfig alerts) {
        RecoveryKit.Settings settings = new RecoveryKit.Settings(
                new RetentionPolicy(snapshots.retentionDaily(), snapshots.retentionWeekly(), snapshots.keepAll()),
                new StateVerifier.Settings(config.inProgressGrace(), config.stuckBufferAfter()),
                RecoveryWiring.settings(alerts), incidents.enabled());
        return new RecoveryKit(backend, recovery, lake.inspector(), lake.store(), tracking, rollback, artifacts,
                settings, backend.events(), InstantSource.system(), RestoreService.StepHook.NONE);
    }
}

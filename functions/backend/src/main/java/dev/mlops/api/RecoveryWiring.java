package dev.mlops.api;

import dev.mlops.aws.AwsRecovery;
import dev.mlops.core.local.LocalBackend;
import dev.mlops.core.local.LocalRecovery;
import dev.mlops.core.port.Backend;
import dev.mlops.core.recovery.ModelRollback;
import dev.mlops.core.recovery.PerformanceMonitor;
import dev.mlops.core.recovery.RecoveryBackend;
import dev.mlops.core.recovery.VersionArtifacts;
import dev.mlops.core.recovery.WriteFence;
import dev.mlops.core.service.MetricsWatcher;
import dev.mlops.core.service.VersionSources;
import dev.mlops.databricks.DatabricksRecovery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * The recovery side of the configured backend, for every function: the write fence its write path checks, the
 * accuracy-drop monitor the tracking service reports metrics to, and model rollback. Heavier recovery (snapshots,
 * verify, restore) is wired in recovery-api, which only the local server and the recovery function carry. On the
 * Databricks backend only rollback is offered (see {@link DatabricksRecovery}).
 */
@ApplicationScoped
public class RecoveryWiring {

    @Produces
    @Singleton
    RecoveryBackend recoveryBackend(Backend backend, BackendConfig config, RecoveryConfig recovery,
                                    SnapshotConfig snapshots) {
        if (backend.resources() instanceof LocalBackend local) {
            return local.recovery(new LocalRecovery.Settings(recovery.snapshotWait(), recovery.drain()));
        }
        if ("databricks".equals(config.backend())) {
            // rollback only; snapshots and restore answer NOT_IMPLEMENTED (Delta time travel is the native way)
            return new DatabricksRecovery(backend.artifacts());
        }
        AwsRecovery.Settings defaults = AwsRecovery.Settings.DEFAULT;
        return AwsRecovery.open(BackendProducer.awsSettings(config.aws()), backend, new AwsRecovery.Settings(
                recovery.fenceCache(), recovery.fenceDrain(), recovery.snapshotWait(), recovery.maxHold(),
                snapshots.gcGrace(), defaults.lakePrefix(), defaults.ingestedPrefix()));
    }

    void close(@Disposes RecoveryBackend recovery) {
        if (recovery instanceof AwsRecovery aws) {
            aws.close();
        }
    }

    @Produces
    @Singleton
    WriteFence fence(RecoveryBackend recovery) {
        return recovery.fence();
    }

    @Produces
    @Singleton
    VersionArtifacts versionArtifacts(Backend backend, RecoveryBackend recovery) {
        return new VersionArtifacts(new VersionSources(backend.metadata(), backend.loggedModels(), backend.registry(),
                backend.artifacts(), backend.artifactRootUri()), recovery.locator(), recovery.raw());
    }

    @Produces
    @Singleton
    ModelRollback rollback(Backend backend, VersionArtifacts artifacts) {
        return new ModelRollback(backend.registry(), artifacts, backend.events(), InstantSource.system());
    }

    @Produces
    @Singleton
    MetricsWatcher performanceMonitor(Backend backend, AlertsConfig alerts, jakarta.inject.Provider<ModelRollback>
            rollback) {
        return new PerformanceMonitor(backend.registry(), backend.events(), settings(alerts), rollback::get,
                InstantSource.system());
    }

    public static PerformanceMonitor.Settings settings(AlertsConfig alerts) {
        return new PerformanceMonitor.Settings(alerts.metric(), perModel(alerts.modelMetrics().orElse("")),
                alerts.warningDrop(), alerts.criticalDrop(), alerts.autoRollback());
    }

    /** {@code a=recall, b=auc}: model name, equals sign, metric; commas between. */
    static Map<String, String> perModel(String text) {
        Map<String, String> metrics = new HashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.lastIndexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("mlops.alerts.model-metrics: '" + pair.strip()
                        + "' is not model=metric");
            }
            metrics.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return metrics;
    }
}

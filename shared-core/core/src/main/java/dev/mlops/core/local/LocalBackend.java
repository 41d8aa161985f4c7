package dev.mlops.core.local;

import dev.mlops.core.port.ArtifactStore;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.MetricStore;
import dev.mlops.core.port.RegistryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The embedded default: every store under one data directory, owned by this process for as long as it is open.
 * Layout: {@code meta/experiments/*.json}, {@code meta/runs/*.json}, {@code meta/logged-models/*.json},
 * {@code meta/registry/*.json}, {@code meta/webhooks/*.json}, {@code metrics/<run>.log}, {@code artifacts/},
 * {@code audit/audit-<day>.jsonl}.
 */
public final class LocalBackend implements AutoCloseable {

    /** Run artifact URIs are proxied: the client uploads and downloads through the server. */
    public static final String ARTIFACT_ROOT_URI = "mlflow-artifacts:";

    /** Free space kept back so the metadata of a full disk can still be written consistently. */
    public static final long DEFAULT_RESERVE_BYTES = 64L * 1024 * 1024;

    /** How long audit entries are kept unless configured (mlops.audit.retention). */
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(400);

    private final DataDirLock lock;
    private final LocalMetadataStore metadata;
    private final LocalMetricStore metrics;
    private final LocalArtifactStore artifacts;
    private final LocalRegistryStore registry;
    private final LocalLoggedModelStore loggedModels;
    private final LocalAuditLog audit;
    private final LocalWebhookStore webhooks;
    private final Path dataDir;
    private LocalRecovery recovery;

    private LocalBackend(Path dataDir, DataDirLock lock, LocalMetadataStore metadata, LocalMetricStore metrics,
                         LocalArtifactStore artifacts, LocalRegistryStore registry,
                         LocalLoggedModelStore loggedModels, LocalAuditLog audit, LocalWebhookStore webhooks) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.metadata = metadata;
        this.metrics = metrics;
        this.artifacts = artifacts;
        this.registry = registry;
        this.loggedModels = loggedModels;
        this.audit = audit;
        this.webhooks = webhooks;
    }

    public static LocalBackend open(Path dataDir, InstantSource clock) {
        return open(dataDir, clock, DEFAULT_RESERVE_BYTES, DiskSpace.FILE_STORE);
    }

    public static LocalBackend open(Path dataDir, InstantSource clock, long reserveBytes, DiskSpace.Probe probe) {
        return open(dataDir, clock, reserveBytes, probe, DEFAULT_AUDIT_RETENTION);
    }

    /** As above, keeping audit entries for {@code auditRetention} (older day files are deleted at open). */
    public static LocalBackend open(Path dataDir, InstantSource clock, long reserveBytes, DiskSpace.Probe probe,
                                    Duration auditRetention) {
        Path dir = dataDir.toAbsolutePath().normalize();
        DataDirLock lock = DataDirLock.acquire(dir);
        try {
            DiskSpace space = new DiskSpace(dir, reserveBytes, probe);
            return new LocalBackend(dir, lock,
                    new LocalMetadataStore(dir, ARTIFACT_ROOT_URI, clock.millis()),
                    new LocalMetricStore(dir, space, clock),
                    new LocalArtifactStore(dir.resolve("artifacts"), space),
                    new LocalRegistryStore(dir),
                    new LocalLoggedModelStore(dir),
                    new LocalAuditLog(dir, auditRetention, clock),
                    new LocalWebhookStore(dir));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public MetadataStore metadata() {
        return metadata;
    }

    public MetricStore metrics() {
        return metrics;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    public RegistryStore registry() {
        return registry;
    }

    public LoggedModelStore loggedModels() {
        return loggedModels;
    }

    /** Snapshots, restore and verification over this data directory (one instance per backend). */
    public synchronized LocalRecovery recovery(LocalRecovery.Settings settings) {
        if (recovery == null) {
            recovery = new LocalRecovery(this, dataDir, settings);
        }
        return recovery;
    }

    public LocalRecovery recovery() {
        return recovery(LocalRecovery.Settings.DEFAULT);
    }

    /** Re-reads every store from disk: a restore replaced the files while writes were fenced. */
    public void reload() {
        metadata.reload();
        metrics.reload();
        registry.reload();
        loggedModels.reload();
        webhooks.reload();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The ports as services see them; closing it releases the data directory. */
    public Backend asBackend() {
        return new Backend("local", metadata, metrics, artifacts, registry, EventPublisher.NONE, ARTIFACT_ROOT_URI,
                this, loggedModels, audit, webhooks);
    }

    @Override
    public void close() {
        audit.close();
        lock.close();
    }
}

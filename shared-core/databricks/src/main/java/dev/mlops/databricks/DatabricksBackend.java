package dev.mlops.databricks;

import dev.mlops.core.port.ArtifactStore;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.HealthStatusStore;
import dev.mlops.databricks.sql.SessionPool;
import dev.mlops.databricks.sql.Warehouse;
import dev.mlops.databricks.store.DatabricksAuditLog;
import dev.mlops.databricks.store.DatabricksHealthStatusStore;
import dev.mlops.databricks.store.DatabricksLoggedModelStore;
import dev.mlops.databricks.store.DatabricksMetadataStore;
import dev.mlops.databricks.store.DatabricksMetricStore;
import dev.mlops.databricks.store.DatabricksRegistryStore;
import dev.mlops.databricks.store.DatabricksWebhookStore;
import java.time.Duration;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/**
 * Metadata, metric batches, the registry and logged models as Delta tables in {@code <catalog>.<schema>} on a
 * Databricks SQL warehouse, through the Databricks JDBC driver. Artifacts stay on whichever artifact store the
 * deployment has (local files or S3), and events go wherever the deployment sends them.
 */
public final class DatabricksBackend implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DatabricksBackend.class);

    private final Warehouse warehouse;
    private final DatabricksSettings settings;
    private final Backend backend;

    private DatabricksBackend(Warehouse warehouse, DatabricksSettings settings, Backend backend) {
        this.warehouse = warehouse;
        this.settings = settings;
        this.backend = backend;
    }

    /** The other side of the deployment: where artifacts and events go. */
    public record Surroundings(ArtifactStore artifacts, String artifactRootUri, EventPublisher events,
                               AutoCloseable resources) {
    }

    /** How long audit entries are kept unless configured (mlops.audit.retention), as on the other backends. */
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(400);

    /** Connects, creates missing tables (checking the schema version), and ensures experiment 0 exists. */
    public static DatabricksBackend open(DatabricksSettings settings, CredentialSource credentials,
                                         Surroundings surroundings, Warehouse.FaultPolicy policy) {
        return open(settings, credentials, surroundings, policy, DEFAULT_AUDIT_RETENTION);
    }

    /** As above, keeping audit entries for {@code auditRetention} (older days are deleted by appends, daily). */
    public static DatabricksBackend open(DatabricksSettings settings, CredentialSource credentials,
                                         Surroundings surroundings, Warehouse.FaultPolicy policy,
                                         Duration auditRetention) {
        SessionPool pool = new SessionPool(new DriverConnections(settings, credentials), settings.poolSize(),
                Duration.ofSeconds(60), Duration.ofMinutes(10));
        Warehouse warehouse = new Warehouse(pool, settings.statementTimeout(), policy);
        try {
            DeltaSchema.ensure(warehouse, settings);
            settings.lakeLocation().ifPresent(location -> MetricLakeTable.register(warehouse, settings, location));
            InstantSource clock = InstantSource.system();
            DatabricksAuditLog audit = new DatabricksAuditLog(warehouse, settings, auditRetention, clock);
            LOG.infof("Databricks backend: tables in %s", settings.qualifiedSchema());
            Backend backend = new Backend("databricks",
                    new DatabricksMetadataStore(warehouse, settings, surroundings.artifactRootUri(), clock.millis()),
                    new DatabricksMetricStore(warehouse, settings, clock),
                    surroundings.artifacts(),
                    new DatabricksRegistryStore(warehouse, settings),
                    surroundings.events(),
                    surroundings.artifactRootUri(),
                    () -> {
                        warehouse.close();
                        surroundings.resources().close();
                    },
                    new DatabricksLoggedModelStore(warehouse, settings),
                    audit,
                    new DatabricksWebhookStore(warehouse, settings));
            return new DatabricksBackend(warehouse, settings, backend);
        } catch (RuntimeException e) {
            warehouse.close();
            throw e;
        }
    }

    public Backend asBackend() {
        return backend;
    }

    /** The statement runner (tests and benchmarks count statements through it). */
    public Warehouse warehouse() {
        return warehouse;
    }

    /** The health monitor's durable status, on the same warehouse (the health function uses it). */
    public HealthStatusStore healthStatuses() {
        return new DatabricksHealthStatusStore(warehouse, settings);
    }

    @Override
    public void close() throws Exception {
        backend.close();
    }
}

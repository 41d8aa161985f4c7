package dev.mlops.databricks;

import dev.mlops.core.local.DiskSpace;
import dev.mlops.core.local.LocalArtifactStore;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import dev.mlops.testsupport.databricks.LocalWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The backend under test: the real Databricks driver, in SEA mode, against the statement facade in front of Spark
 * SQL + Delta (one engine per test JVM). Every test class of the JVM shares one schema with a fresh random name,
 * since creating the tables costs seconds per table on the local engine; the contract suites use names of their own
 * and never assume an empty store.
 */
public final class TestWarehouse {

    public static final String ARTIFACT_ROOT = "mlflow-artifacts:";

    private static DatabricksBackend shared;
    private static RuntimeException failed;
    private static DatabricksSettings sharedSettings;
    private static final Map<String, DatabricksSettings> isolated = new HashMap<>();
    private static final Map<String, DatabricksBackend> isolatedBackends = new HashMap<>();

    private TestWarehouse() {
    }

    /** Short waits: a test should not sit through production backoff. */
    public static Warehouse.FaultPolicy fastPolicy() {
        return new Warehouse.FaultPolicy(4, Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(20),
                20, 0.5, Duration.ofSeconds(2));
    }

    public static synchronized DatabricksBackend shared() {
        if (failed != null) {
            throw failed;
        }
        if (shared == null) {
            sharedSettings = settings("mlops_test_" + UUID.randomUUID().toString().substring(0, 8));
            try {
                shared = open(sharedSettings, fastPolicy());
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    shared.close();
                } catch (Exception ignored) {
                    // the engine goes down with the JVM anyway
                }
            }, "test-warehouse-close"));
        }
        return shared;
    }

    public static synchronized DatabricksSettings sharedSettings() {
        shared();
        return sharedSettings;
    }

    /** The shared backend's ports, with a close that leaves the shared warehouse open. */
    public static Backend sharedBackend() {
        Backend b = shared().asBackend();
        return new Backend(b.name(), b.metadata(), b.metrics(), b.artifacts(), b.registry(), b.events(),
                b.artifactRootUri(), () -> { }, b.loggedModels(), b.audit(), b.webhooks());
    }

    /**
     * A schema of its own beside the shared one, holding only {@code tables} (created once per JVM), for the
     * contracts that look at a whole store: a buffer's totals, every webhook, the one health status. Their tests
     * empty it before each test with {@link #clear}.
     */
    public static synchronized DatabricksSettings isolated(String label, String... tables) {
        return isolated.computeIfAbsent(label, l -> {
            DatabricksSettings settings = settings(sharedSettings().schema() + "_" + l);
            DeltaSchema.ensure(shared().warehouse(), settings, List.of(tables));
            return settings;
        });
    }

    /**
     * A whole backend on a schema of its own beside the shared one (opened once per JVM), for contracts that count
     * every run of experiment 0; their tests empty what they count with {@link #clear}. Close leaves it open.
     */
    public static synchronized Backend isolatedBackend(String label) {
        DatabricksBackend opened = isolatedBackends.computeIfAbsent(label, l -> {
            DatabricksBackend backend = open(settings(sharedSettings().schema() + "_" + l), fastPolicy());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    backend.close();
                } catch (Exception ignored) {
                    // the engine goes down with the JVM anyway
                }
            }, "test-warehouse-close-" + l));
            return backend;
        });
        Backend b = opened.asBackend();
        return new Backend(b.name(), b.metadata(), b.metrics(), b.artifacts(), b.registry(), b.events(),
                b.artifactRootUri(), () -> { }, b.loggedModels(), b.audit(), b.webhooks());
    }

    /** The settings of {@link #isolatedBackend(String)}'s schema. */
    public static DatabricksSettings isolatedSettings(String label) {
        return settings(sharedSettings().schema() + "_" + label);
    }

    /** Deletes every row of the tables (a metadata-only commit in Delta). */
    public static void clear(DatabricksSettings settings, String... tables) {
        for (String table : tables) {
            shared().warehouse().execute(Sql.of("DELETE FROM " + settings.table(table)), Warehouse.Retry.SAFE);
        }
    }

    public static DatabricksSettings settings(String schema) {
        LocalWarehouse w = LocalWarehouse.get();
        return new DatabricksSettings(Optional.of(w.host()), Optional.of(w.httpPath()), "spark_catalog", schema,
                true, 8, Duration.ofMinutes(5), Optional.empty());
    }

    public static CredentialSource credentials() {
        return new CredentialSource.Fixed(DatabricksCredentials.token(LocalWarehouse.get().token()));
    }

    /** Another backend instance on the same tables: what a second Lambda or server process would be. */
    public static DatabricksBackend open(DatabricksSettings settings, Warehouse.FaultPolicy policy) {
        return open(settings, credentials(), policy);
    }

    public static DatabricksBackend open(DatabricksSettings settings, CredentialSource credentials,
                                         Warehouse.FaultPolicy policy) {
        try {
            Path artifacts = Files.createTempDirectory("dbx-artifacts");
            return DatabricksBackend.open(settings, credentials, new DatabricksBackend.Surroundings(
                    new LocalArtifactStore(artifacts, new DiskSpace(artifacts, 0, DiskSpace.FILE_STORE)),
                    ARTIFACT_ROOT, EventPublisher.NONE, () -> { }), policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

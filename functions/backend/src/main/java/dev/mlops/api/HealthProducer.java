package dev.mlops.api;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.aws.events.EventBridgePublisher;
import dev.mlops.aws.health.AwsStorageCheck;
import dev.mlops.aws.health.EventsCheck;
import dev.mlops.aws.health.S3LakeRoot;
import dev.mlops.core.health.CheckResult;
import dev.mlops.core.health.DataDirCheck;
import dev.mlops.core.health.DiskCheck;
import dev.mlops.core.health.HealthLevel;
import dev.mlops.core.health.HeapUsage;
import dev.mlops.core.health.LakeCheck;
import dev.mlops.core.health.MemoryCheck;
import dev.mlops.core.health.ReadinessCheck;
import dev.mlops.core.health.ReadinessChecks;
import dev.mlops.core.health.Thresholds;
import dev.mlops.core.local.DiskSpace;
import dev.mlops.core.local.LocalLakeRoot;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.MetricBuffer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Assembles the readiness checks for the configured backend, from the core and adapter checks. The HTTP functions
 * serve them as SmallRye Health probes; the health function runs them on a schedule. AWS checks use their own
 * clients (one attempt, short timeouts), so a probe reports an outage within seconds; those clients are built on
 * the first probe, not during a Lambda's cold start.
 */
@ApplicationScoped
public class HealthProducer {

    private AwsSettings settings;
    private AwsClients probes;

    @Produces
    @Singleton
    ReadinessChecks readinessChecks(Backend backend, BackendConfig config, HealthConfig health,
                                    DiskSpace.Probe diskProbe,
                                    @ConfigProperty(name = "mlops.lake.root") Optional<String> lakeRoot) {
        boolean aws = "aws".equals(config.backend());
        settings = aws ? BackendProducer.awsSettings(config.aws()) : null;
        String root = BackendProducer.lakeRoot(config, lakeRoot);
        List<ReadinessCheck> checks = new ArrayList<>();
        for (String name : health.checks()) {
            switch (name.strip()) {
                case "storage" -> checks.add(aws
                        ? lazy("storage", () -> new AwsStorageCheck(probes().dynamo(), DynamoTables.of(settings),
                                probes().s3(), settings.bucket()))
                        : "databricks".equals(config.backend()) ? warehouse(backend)
                        : new DataDirCheck(dataDir(config)));
                case "lake" -> {
                    if (backend.metrics() instanceof MetricBuffer buffer) {
                        checks.add(lazy("lake", () -> new LakeCheck(aws ? new S3LakeRoot(probes().s3(), root)
                                : new LocalLakeRoot(Path.of(URI.create(root))), buffer,
                                health.lake().bufferAgeWarning(), health.lake().bufferAgeCritical(),
                                InstantSource.system())));
                    }
                }
                case "disk" -> {
                    if (!aws) {
                        checks.add(new DiskCheck(new DiskSpace(dataDir(config), config.diskReserveBytes(), diskProbe),
                                Thresholds.percent(health.disk().warningPercent(), health.disk().criticalPercent())));
                    }
                }
                case "memory" -> checks.add(new MemoryCheck(HeapUsage::current,
                        Thresholds.percent(health.memory().warningPercent(), health.memory().criticalPercent())));
                case "events" -> checks.add(lazy("events", () -> events(backend, health)));
                default -> throw new IllegalStateException("Unknown health check '" + name
                        + "' in mlops.health.checks; choose from storage, lake, disk, memory, events.");
            }
        }
        return new ReadinessChecks(checks, InstantSource.system());
    }

    /** On Databricks the metadata lives on the SQL warehouse: one read of experiment 0 through the store. */
    private static ReadinessCheck warehouse(Backend backend) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "storage";
            }

            @Override
            public CheckResult check() {
                long started = System.nanoTime();
                boolean found = backend.metadata().getExperiment("0").isPresent();
                long millis = (System.nanoTime() - started) / 1_000_000;
                return new CheckResult("storage", found ? HealthLevel.UP : HealthLevel.DOWN,
                        found ? "the SQL warehouse answered" : "the SQL warehouse has no default experiment",
                        Map.of("backend", "databricks", "latency_ms", millis));
            }
        };
    }

    private ReadinessCheck events(Backend backend, HealthConfig health) {
        Optional<EventBridgePublisher> bridge = BackendProducer.eventBridge(backend);
        if (bridge.isEmpty() || settings == null) {
            return constant("events", "the local backend has no event bus; nothing to lose", Map.of("bus", "none"));
        }
        String bus = settings.eventBusName();
        return new EventsCheck(bus, bridge.get()::health, () -> probes().events().describeEventBus(b -> b.name(bus)),
                health.events().window(), health.events().warningFailures(), health.events().criticalFailures(),
                InstantSource.system());
    }

    private static ReadinessCheck constant(String name, String message, Map<String, Object> data) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult check() {
                return new CheckResult(name, HealthLevel.UP, message, data);
            }
        };
    }

    private synchronized AwsClients probes() {
        if (probes == null) {
            probes = AwsClients.forHealthChecks(settings);
        }
        return probes;
    }

    /** A check built on its first run. */
    private static ReadinessCheck lazy(String name, Supplier<ReadinessCheck> build) {
        return new ReadinessCheck() {
            private ReadinessCheck built;

            @Override
            public String name() {
                return name;
            }

            @Override
            public synchronized CheckResult check() {
                if (built == null) {
                    built = build.get();
                }
                return built.check();
            }
        };
    }

    private static Path dataDir(BackendConfig config) {
        return Path.of(config.dataDir()).toAbsolutePath().normalize();
    }

    @PreDestroy
    synchronized void close() {
        if (probes != null) {
            probes.close();
        }
    }
}

package dev.mlops.health;

import dev.mlops.api.BackendConfig;
import dev.mlops.api.BackendProducer;
import dev.mlops.aws.AwsClients;
import dev.mlops.aws.dynamo.DynamoGuard;
import dev.mlops.aws.dynamo.DynamoHealthStatusStore;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.core.health.HealthMonitor;
import dev.mlops.core.health.ReadinessChecks;
import dev.mlops.core.local.LocalHealthStatusStore;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.HealthStatusStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the previous status lives (an item of the metadata table on AWS, a row of {@code health_status} on
 * Databricks, a file locally), and the monitor.
 */
@ApplicationScoped
public class HealthFunctionProducer {

    private AwsClients clients;
    private AutoCloseable databricks;

    @Produces
    @Singleton
    HealthStatusStore statuses(BackendConfig config) {
        if ("databricks".equals(config.backend())) {
            HealthStatusStore store = BackendProducer.databricksHealthStatuses(config);
            databricks = (AutoCloseable) store;
            return store;
        }
        if ("aws".equals(config.backend())) {
            clients = new AwsClients(BackendProducer.awsSettings(config.aws()), List.of());
            return new DynamoHealthStatusStore(clients.dynamo(), DynamoTables.of(clients.settings()),
                    DynamoGuard.standard());
        }
        return new LocalHealthStatusStore(Path.of(config.dataDir()).toAbsolutePath().normalize());
    }

    @Produces
    @Singleton
    HealthMonitor monitor(ReadinessChecks checks, HealthStatusStore statuses, Backend backend) {
        return new HealthMonitor(checks, statuses, backend.events());
    }

    @PreDestroy
    void close() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (databricks != null) {
            databricks.close();
        }
    }
}

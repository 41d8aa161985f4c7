package dev.mlops.aws.dynamo;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import java.time.InstantSource;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Fresh tables under a unique prefix on the emulator, with both stores and a capacity meter on the client. */
final class DynamoFixture implements AutoCloseable {

    final AwsClients clients;
    final DynamoTables tables;
    final CapacityMeter meter = new CapacityMeter();
    final DynamoMetadataStore metadata;
    final DynamoMetricStore metrics;

    private DynamoFixture(List<ExecutionInterceptor> extra) {
        LocalEmulator emulator = LocalEmulator.get();
        AwsSettings settings = AwsSettings.forEmulator(emulator.endpoint(), emulator.region(), emulator.accessKey(),
                emulator.secretKey(), emulator.uniquePrefix("dyn"));
        List<ExecutionInterceptor> interceptors = new java.util.ArrayList<>(extra);
        interceptors.add(meter);
        clients = new AwsClients(settings, interceptors);
        tables = DynamoTables.createIfMissing(clients.dynamo(), settings);
        DynamoGuard guard = DynamoGuard.standard();
        metadata = new DynamoMetadataStore(clients.dynamo(), tables, guard, "mlflow-artifacts:",
                InstantSource.system());
        metrics = new DynamoMetricStore(clients.dynamo(), tables, guard);
    }

    /** Resets the emulator, then creates the tables. */
    static DynamoFixture fresh() {
        LocalEmulator.get().reset();
        return new DynamoFixture(List.of());
    }

    @Override
    public void close() {
        clients.close();
    }
}

package dev.mlops.aws.dynamo;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.testsupport.AwsEmulator;
import java.time.InstantSource;
import java.util.List;

/** Tables under a unique prefix on the shared test emulator (AwsEmulator), with both stores and a capacity meter on the client. */
final class DynamoFixture implements AutoCloseable {

    final AwsSettings settings;
    final AwsClients clients;
    final DynamoTables tables;
    final CapacityMeter meter = new CapacityMeter();
    final DynamoMetadataStore metadata;
    final DynamoMetricStore metrics;

    private DynamoFixture(AwsSettings settings) {
        this.settings = settings;
        clients = new AwsClients(settings, List.of(meter));
        tables = DynamoTables.createIfMissing(clients.dynamo(), settings);
        DynamoGuard guard = DynamoGuard.standard();
        metadata = new DynamoMetadataStore(clients.dynamo(), tables, guard, "mlflow-artifacts:",
                InstantSource.system());
        metrics = new DynamoMetricStore(clients.dynamo(), tables, guard);
    }

    /** Fresh tables under a new prefix; the emulator is reset by AwsEmulatorExtension or by the caller. */
    static DynamoFixture create() {
        AwsEmulator emulator = AwsEmulator.get();
        return new DynamoFixture(AwsSettings.forEmulator(emulator.endpoint(), emulator.region(),
                emulator.accessKey(), emulator.secretKey(), emulator.uniquePrefix("dyn")));
    }

    /** Another process on the same tables: its own clients and stores, nothing shared in memory. */
    DynamoFixture sibling() {
        return new DynamoFixture(settings);
    }

    @Override
    public void close() {
        clients.close();
    }
}

package dev.mlops.aws.recovery;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.dynamo.DynamoGuard;
import dev.mlops.aws.dynamo.DynamoRegistryStore;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.aws.dynamo.DynamoWriteFence;
import dev.mlops.aws.s3.S3Buckets;
import dev.mlops.aws.s3.S3SnapshotStore;
import dev.mlops.aws.s3.S3Versions;
import dev.mlops.core.contract.RegistryRollbackContract;
import dev.mlops.core.contract.SnapshotStoreContract;
import dev.mlops.core.contract.WriteFenceContract;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.recovery.SnapshotStore;
import dev.mlops.core.recovery.WriteFence;
import dev.mlops.testsupport.AwsEmulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The recovery ports' contract suites over the wire on the emulator: the fence item in DynamoDB (a "restarted"
 * fence is a second instance, as a cold-started Lambda would build), the S3 snapshot store on a versioned bucket,
 * and the rollback transaction. One set of resources serves the class; each test uses names of its own.
 */
class AwsRecoveryPortsTest {

    static AwsClients clients;
    static DynamoTables tables;

    @BeforeAll
    static void open() {
        AwsEmulator aws = AwsEmulator.get();
        AwsSettings settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), aws.uniquePrefix("ports"));
        clients = new AwsClients(settings, List.of());
        tables = DynamoTables.createIfMissing(clients.dynamo(), settings);
        S3Buckets.createIfMissing(clients.s3(), settings);
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    static DynamoWriteFence newFence() {
        return new DynamoWriteFence(clients.dynamo(), tables, DynamoGuard.standard(), Duration.ZERO, Duration.ZERO,
                Duration.ofMillis(100), Duration.ofMinutes(1));
    }

    @Nested
    class Fence extends WriteFenceContract {
        final DynamoWriteFence fence = newFence();

        @Override
        protected WriteFence fence() {
            return fence;
        }

        @Override
        protected WriteFence restarted() {
            return newFence();
        }
    }

    @Nested
    class Snapshots extends SnapshotStoreContract {
        final S3SnapshotStore store = new S3SnapshotStore(new S3Versions(clients.s3(), clients.settings().bucket()));

        @Override
        protected SnapshotStore store() {
            return store;
        }
    }

    @Nested
    class Rollback extends RegistryRollbackContract {
        final DynamoRegistryStore store = new DynamoRegistryStore(clients.dynamo(), tables, DynamoGuard.standard());

        @Override
        protected RegistryStore store() {
            return store;
        }
    }
}

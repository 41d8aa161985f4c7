package dev.mlops.aws.ingest;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.dynamo.DynamoGuard;
import dev.mlops.aws.dynamo.DynamoRegistryStore;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.aws.events.EventBridgePublisher;
import dev.mlops.aws.events.EventBusSetup;
import dev.mlops.aws.s3.S3ObjectReader;
import dev.mlops.core.ingest.ArtifactIngestion;
import dev.mlops.core.ingest.IngestionSettings;
import dev.mlops.core.ingest.ModelRegistrar;
import dev.mlops.core.ingest.StoreRegistrar;
import java.time.InstantSource;
import java.util.List;

/**
 * Ingestion wired on AWS: objects read from S3, events on EventBridge, versions in the DynamoDB registry, all over
 * one set of clients. Close it to release them.
 */
public final class AwsIngestion implements AutoCloseable {

    private final AwsClients clients;
    private final EventBridgePublisher events;
    private final ArtifactIngestion ingestion;

    private AwsIngestion(AwsClients clients, EventBridgePublisher events, ArtifactIngestion ingestion) {
        this.clients = clients;
        this.events = events;
        this.ingestion = ingestion;
    }

    /** With {@code createResources}, the tables and event bus are created when missing (emulators, first-time dev). */
    public static AwsIngestion open(AwsSettings settings, IngestionSettings ingestion, boolean createResources) {
        AwsClients clients = new AwsClients(settings, List.of());
        try {
            DynamoTables tables = createResources
                    ? DynamoTables.createIfMissing(clients.dynamo(), settings) : DynamoTables.of(settings);
            if (createResources) {
                EventBusSetup.createIfMissing(clients.events(), settings);
            }
            EventBridgePublisher events = new EventBridgePublisher(clients.events(), settings);
            ModelRegistrar registrar = new StoreRegistrar(
                    new DynamoRegistryStore(clients.dynamo(), tables, DynamoGuard.standard()), events);
            return new AwsIngestion(clients, events, new ArtifactIngestion(registrar,
                    new S3ObjectReader(clients.s3()), events, ingestion, InstantSource.system()));
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    /**
     * The write fence (docs/recovery.md): ingestion registers versions, so it waits out a snapshot and is refused
     * while a restore runs; the refused invocation fails and Lambda delivers the S3 event again later.
     */
    public dev.mlops.core.recovery.WriteFence fence() {
        return new dev.mlops.aws.dynamo.DynamoWriteFence(clients.dynamo(),
                dev.mlops.aws.dynamo.DynamoTables.of(clients.settings()), dev.mlops.aws.dynamo.DynamoGuard.standard(),
                java.time.Duration.ofSeconds(1), java.time.Duration.ZERO, java.time.Duration.ofSeconds(5),
                java.time.Duration.ofMinutes(10));
    }

    public ArtifactIngestion ingestion() {
        return ingestion;
    }

    @Override
    public void close() {
        events.close();
        clients.close();
    }
}

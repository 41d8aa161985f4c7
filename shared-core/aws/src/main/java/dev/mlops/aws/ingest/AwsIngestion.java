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

    public ArtifactIngestion ingestion() {
        return ingestion;
    }

    @Override
    public void close() {
        events.close();
        clients.close();
    }
}

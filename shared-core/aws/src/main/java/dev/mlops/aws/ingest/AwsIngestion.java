package dev.mlops.aws.ingest;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.events.EventBridgePublisher;
import dev.mlops.aws.events.EventBusSetup;
import dev.mlops.aws.s3.S3ObjectReader;
import dev.mlops.core.ingest.ArtifactIngestion;
import dev.mlops.core.ingest.IngestionSettings;
import dev.mlops.core.ingest.ModelRegistrar;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;

/**
 * Ingestion wired on AWS: objects read from S3, events on EventBridge, versions through the given registrar (built
 * from the same clients, so a DynamoDB-backed registry shares the HTTP client). Close it to release the clients.
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

    /** With {@code createBus}, the settings' event bus is created when missing (emulators, first-time dev). */
    public static AwsIngestion open(AwsSettings settings, IngestionSettings ingestion, boolean createBus,
                                    Function<AwsClients, ModelRegistrar> registrar) {
        AwsClients clients = new AwsClients(settings, List.of());
        try {
            if (createBus) {
                EventBusSetup.createIfMissing(clients.events(), settings);
            }
            EventBridgePublisher events = new EventBridgePublisher(clients.events(), settings);
            return new AwsIngestion(clients, events, new ArtifactIngestion(registrar.apply(clients),
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

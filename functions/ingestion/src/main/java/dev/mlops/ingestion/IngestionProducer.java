package dev.mlops.ingestion;

import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.ResourceNames;
import dev.mlops.aws.ingest.AwsIngestion;
import dev.mlops.core.ingest.ArtifactIngestion;
import dev.mlops.core.ingest.IngestionSettings;
import dev.mlops.core.recovery.WriteFence;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import org.jboss.logging.Logger;

/** Wires ingestion on AWS. The only place that knows where objects, events and versions go. */
@ApplicationScoped
public class IngestionProducer {

    private static final Logger LOG = Logger.getLogger(IngestionProducer.class);

    /** Built at start (the Lambda init phase), so a missing registry or bus fails the cold start, not a record. */
    @Produces
    @Singleton
    @Startup
    AwsIngestion awsIngestion(IngestionConfig config) {
        AwsSettings settings = awsSettings(config.aws());
        IngestionSettings ingestion = new IngestionSettings(config.ingestion().prefix(),
                config.ingestion().maxObjectBytes(), config.ingestion().idempotencyWindow());
        LOG.infof("Ingestion from %s on %s", ingestion.prefix(), settings);
        return AwsIngestion.open(settings, ingestion, config.aws().createResources());
    }

    void close(@Disposes AwsIngestion ingestion) {
        ingestion.close();
    }

    @Produces
    @Singleton
    ArtifactIngestion ingestion(AwsIngestion aws) {
        return aws.ingestion();
    }

    @Produces
    @Singleton
    WriteFence fence(AwsIngestion aws) {
        return aws.fence();
    }

    /** Credentials are never configured here: the SDK's default chain finds them (env, profile, Lambda role). */
    static AwsSettings awsSettings(IngestionConfig.Aws aws) {
        ResourceNames names = new ResourceNames(aws.prefix());
        return AwsSettings.withDefaultCredentials(aws.endpoint().filter(e -> !e.isBlank()).map(URI::create),
                aws.region(), names, names.defaultBucket(), aws.eventSource());
    }
}

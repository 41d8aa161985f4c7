package dev.mlops.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.dynamo.DynamoTables;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names every deployment derives from its prefix; the functions and the CDK stack both read them here. */
class ResourceNamesTest {

    @Test
    void everyNameDerivesFromThePrefix() {
        ResourceNames names = ResourceNames.forStage("dev");
        assertThat(names.prefix()).isEqualTo("mlops-dev");
        assertThat(names.metadataTable()).isEqualTo("mlops-dev-metadata");
        assertThat(names.metricsTable()).isEqualTo("mlops-dev-metrics");
        assertThat(names.registryTable()).isEqualTo("mlops-dev-registry");
        assertThat(names.defaultBucket()).isEqualTo("mlops-dev-artifacts");
        assertThat(names.deployedBucket("123456789012", "eu-west-1"))
                .isEqualTo("mlops-dev-artifacts-123456789012-eu-west-1");
        assertThat(names.eventBus()).isEqualTo("mlops-dev-events");
        assertThat(names.databricksSecret()).isEqualTo("mlops-dev/databricks");
        assertThat(names.function("metric-flush")).isEqualTo("mlops-dev-metric-flush");
        assertThat(ResourceNames.lakeRoot("b")).isEqualTo("s3a://b/lake");
    }

    @Test
    void theAdaptersUseTheSameNames() {
        ResourceNames names = new ResourceNames("p");
        AwsSettings settings = AwsSettings.withDefaultCredentials(Optional.of(URI.create("http://127.0.0.1:1")),
                "eu-west-1", names, "bucket-x", ResourceNames.EVENT_SOURCE);
        assertThat(DynamoTables.of(settings)).isEqualTo(new DynamoTables("p-metadata", "p-metrics", "p-registry", "p-search", "p-audit"));
        assertThat(settings.eventBusName()).isEqualTo(names.eventBus());
        assertThat(settings.artifactPrefix()).isEqualTo(ResourceNames.ARTIFACT_PREFIX);
        assertThat(settings.accessKeyId()).isEmpty();
        AwsSettings emulator = AwsSettings.forEmulator(URI.create("http://127.0.0.1:1"), "us-east-1", "k", "s", "p");
        assertThat(emulator.bucket()).isEqualTo(names.defaultBucket());
        assertThat(emulator.eventSource()).isEqualTo(ResourceNames.EVENT_SOURCE);
    }

    @Test
    void settingsCarryTheirEnvironmentNames() {
        assertThat(Setting.PREFIX.envVar()).isEqualTo("MLOPS_AWS_PREFIX");
        assertThat(Setting.BUCKET.envVar()).isEqualTo("MLOPS_AWS_BUCKET");
        assertThat(Setting.REGION.envVar()).isEqualTo("MLOPS_AWS_REGION");
        assertThat(Setting.INGESTION_PREFIX.envVar()).isEqualTo("MLOPS_INGESTION_PREFIX");
        assertThat(Setting.DATABRICKS_SECRET_ID.envVar()).isEqualTo("MLOPS_DATABRICKS_SECRET_ID");
        assertThat(Setting.DATABRICKS_SECRET_ID.neededWhenRead()).isFalse();
    }

    @Test
    void aBlankPrefixIsRefused() {
        assertThatThrownBy(() -> new ResourceNames(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.mlops.aws;

import dev.mlops.core.ingest.IngestionSettings;
import java.util.Objects;

/**
 * The one source of the AWS backend's resource names. The functions' configuration ({@code mlops.aws.prefix} and
 * friends, resolved by the producers into {@link AwsSettings}) and the CDK stack in {@code infra-cdk} both derive
 * every table, bucket, bus, key prefix and secret name from here, so what the stack creates is what the code
 * looks for. The variables that carry these names into a function are listed in {@link Setting}.
 *
 * @param prefix the deployment's prefix: {@value #DEFAULT_PREFIX} locally, {@code mlops-<stage>} for a CDK stage
 */
public record ResourceNames(String prefix) {

    /** What {@code mlops.aws.prefix} defaults to. */
    public static final String DEFAULT_PREFIX = "mlops";
    /** The {@code source} of every domain event the functions put on the bus (docs/events.md). */
    public static final String EVENT_SOURCE = "mlops.tracking";
    /** Key prefix of run and logged-model artifacts in the bucket: {@code s3://<bucket>/mlflow/<exp>/...}. */
    public static final String ARTIFACT_PREFIX = "mlflow";
    /** Key prefix of the Parquet metric lake in the bucket. */
    public static final String LAKE_PREFIX = "lake";
    /** Objects created under this key prefix become model versions (functions/ingestion). */
    public static final String INGESTION_PREFIX = IngestionSettings.DEFAULT_PREFIX;

    public ResourceNames {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("The resource name prefix must not be blank");
        }
    }

    /** The names of a CDK stage's resources: prefix {@code mlops-<stage>}. */
    public static ResourceNames forStage(String stage) {
        return new ResourceNames(DEFAULT_PREFIX + "-" + stage);
    }

    public String metadataTable() {
        return prefix + "-metadata";
    }

    public String metricsTable() {
        return prefix + "-metrics";
    }

    public String registryTable() {
        return prefix + "-registry";
    }

    /** The run search index (derived from the metadata table; docs/dynamodb-design.md). */
    public String searchTable() {
        return prefix + "-search";
    }

    /** The audit log (docs/dynamodb-design.md, "Audit log"). */
    public String auditTable() {
        return prefix + "-audit";
    }

    /** The bucket when {@code mlops.aws.bucket} is not set (local and emulator use). */
    public String defaultBucket() {
        return prefix + "-artifacts";
    }

    /**
     * The bucket a deployed stage creates. Bucket names are global across all AWS accounts, so the stack adds the
     * account and region to keep {@code mlops-dev} deployable everywhere; it hands the name to the functions in
     * {@link Setting#BUCKET}.
     */
    public String deployedBucket(String account, String region) {
        return defaultBucket() + "-" + account + "-" + region;
    }

    public String eventBus() {
        return prefix + "-events";
    }

    /** The Secrets Manager secret holding the Databricks workspace credentials. */
    public String databricksSecret() {
        return prefix + "/databricks";
    }

    /** The Secrets Manager secret whose value seals MLflow webhook secrets (AES-GCM key material). */
    public String webhookKeySecret() {
        return prefix + "/webhook-secret-key";
    }

    /** Where flushed metrics live when {@code mlops.lake.root} is not set. */
    public static String lakeRoot(String bucket) {
        return "s3a://" + bucket + "/" + LAKE_PREFIX;
    }

    /** Lambda function names of this deployment, e.g. {@code mlops-dev-tracking}. */
    public String function(String module) {
        return prefix + "-" + module;
    }
}

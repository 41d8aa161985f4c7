package dev.mlops.aws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.URI;
import java.util.Optional;

/**
 * Where the AWS backend's resources are. {@code endpoint} is set for emulators (then S3 uses path-style
 * addressing); {@code accessKeyId}/{@code secretAccessKey} are set only for emulators, real AWS uses the default
 * credentials chain. Resource names all derive from {@code prefix} unless given. Neither {@code toString} nor a
 * JSON dump (Jackson serializes records by component) shows the keys.
 */
@JsonIgnoreProperties({"accessKeyId", "secretAccessKey"})
public record AwsSettings(
        Optional<URI> endpoint,
        String region,
        Optional<String> accessKeyId,
        Optional<String> secretAccessKey,
        String tablePrefix,
        String bucket,
        String artifactPrefix,
        String eventBusName,
        String eventSource) {

    /** Settings for an emulator endpoint with static test credentials and names under one prefix. */
    public static AwsSettings forEmulator(URI endpoint, String region, String accessKey, String secretKey,
                                          String prefix) {
        ResourceNames names = new ResourceNames(prefix);
        return new AwsSettings(Optional.of(endpoint), region, Optional.of(accessKey), Optional.of(secretKey),
                prefix, names.defaultBucket(), ResourceNames.ARTIFACT_PREFIX, names.eventBus(),
                ResourceNames.EVENT_SOURCE);
    }

    /**
     * Settings with the SDK's default credentials chain (env, profile, the Lambda role) and every name from
     * {@link ResourceNames}: how the functions resolve their configuration.
     */
    public static AwsSettings withDefaultCredentials(Optional<URI> endpoint, String region, ResourceNames names,
                                                     String bucket, String eventSource) {
        return new AwsSettings(endpoint, region, Optional.empty(), Optional.empty(), names.prefix(), bucket,
                ResourceNames.ARTIFACT_PREFIX, names.eventBus(), eventSource);
    }

    /** Never print the secret: this record ends up in logs and config dumps. */
    @Override
    public String toString() {
        return "AwsSettings[endpoint=" + endpoint.map(URI::toString).orElse("aws") + ", region=" + region
                + ", accessKeyId=" + accessKeyId.map(k -> "****").orElse("default chain")
                + ", secretAccessKey=" + secretAccessKey.map(k -> "****").orElse("default chain")
                + ", tablePrefix=" + tablePrefix + ", bucket=" + bucket + ", artifactPrefix=" + artifactPrefix
                + ", eventBusName=" + eventBusName + ", eventSource=" + eventSource + "]";
    }
}

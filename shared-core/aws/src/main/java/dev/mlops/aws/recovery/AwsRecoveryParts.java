package dev.mlops.aws.recovery;

import dev.mlops.aws.dynamo.DynamoRecords;
import dev.mlops.aws.s3.S3Versions;
import dev.mlops.core.recovery.Locator;
import dev.mlops.core.recovery.RawState;
import java.util.Map;

/** Builds the package-private AWS locator and raw state for {@code dev.mlops.aws.AwsRecovery}. */
public final class AwsRecoveryParts {

    private AwsRecoveryParts() {
    }

    public static RawState raw(S3Versions s3, DynamoRecords records, Map<String, String> prefixesByPart) {
        return new AwsRawState(s3, records, prefixesByPart);
    }

    public static Locator locator(String bucket, String artifactPrefix, String lakePrefix,
                                  Map<String, String> partsByPrefix) {
        return new AwsLocator(bucket, artifactPrefix, lakePrefix, partsByPrefix);
    }
}

package dev.mlops.recovery;

import dev.mlops.testsupport.AwsEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Runs the recovery function against the harness's emulator, on fresh tables and a fresh versioned bucket. */
public class AwsRecoveryResource implements QuarkusTestResourceLifecycleManager {

    static final String PREFIX = AwsEmulator.get().uniquePrefix("recovery-fn");

    @Override
    public Map<String, String> start() {
        AwsEmulator emulator = AwsEmulator.get();
        // The SDK's default chain (and S3A's) reads these; the function's own config never holds credentials.
        System.setProperty("aws.accessKeyId", emulator.accessKey());
        System.setProperty("aws.secretAccessKey", emulator.secretKey());
        return Map.of(
                "mlops.aws.endpoint", emulator.endpoint().toString(),
                "mlops.aws.region", emulator.region(),
                "mlops.aws.prefix", PREFIX,
                "mlops.aws.create-resources", "true",
                "mlops.recovery.fence-cache", "0s",
                "mlops.recovery.fence-drain", "0s");
    }

    @Override
    public void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}

package dev.mlops.tracking;

import dev.mlops.testsupport.AwsEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs the tracking function's tests on the AWS backend, as it runs in production, against the harness's emulator
 * (AWS_ENDPOINT_URL, LocalStack or moto) with fresh tables, bucket and bus.
 */
public class AwsBackendResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        AwsEmulator emulator = AwsEmulator.get();
        // The SDK's default chain reads these; the function's own config never holds credentials.
        System.setProperty("aws.accessKeyId", emulator.accessKey());
        System.setProperty("aws.secretAccessKey", emulator.secretKey());
        return Map.of(
                "mlops.backend", "aws",
                "mlops.aws.endpoint", emulator.endpoint().toString(),
                "mlops.aws.region", emulator.region(),
                "mlops.aws.prefix", emulator.uniquePrefix("lambda"),
                "mlops.aws.create-resources", "true");
    }

    @Override
    public void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}

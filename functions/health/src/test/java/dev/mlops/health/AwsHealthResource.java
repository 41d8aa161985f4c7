package dev.mlops.health;

import dev.mlops.testsupport.AwsEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Runs the health function against the harness's emulator, with fresh tables, bucket and bus under one prefix. */
public class AwsHealthResource implements QuarkusTestResourceLifecycleManager {

    static final String PREFIX = AwsEmulator.get().uniquePrefix("healthfn");

    @Override
    public Map<String, String> start() {
        AwsEmulator emulator = AwsEmulator.get();
        // The SDK's default chain reads these; the function's own config never holds credentials.
        System.setProperty("aws.accessKeyId", emulator.accessKey());
        System.setProperty("aws.secretAccessKey", emulator.secretKey());
        return Map.of(
                "mlops.aws.endpoint", emulator.endpoint().toString(),
                "mlops.aws.region", emulator.region(),
                "mlops.aws.prefix", PREFIX,
                "mlops.aws.create-resources", "true");
    }

    @Override
    public void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}

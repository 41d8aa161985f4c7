package dev.mlops.health;

import dev.mlops.testsupport.AwsEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Runs the health function against the harness's emulator, with fresh tables, bucket and bus under one prefix. */
public class AwsHealthResource implements QuarkusTestResourceLifecycleManager {

    static final String PREFIX = AwsEmulator.get().uniquePrefix("healthfn");

    @Override
    public Map<String, String> start() {
        return AwsEmulator.get().functionConfig(PREFIX);
    }

    @Override
    public void stop() {
        AwsEmulator.clearCredentials();
    }
}

package dev.mlops.registry;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Runs the registry function's tests on the local backend: what this module adds is the Lambda transport (API
 * Gateway events in, responses out), which is the same on either backend. The AWS registry store has its own
 * contract tests against the emulator; once AwsBackend carries it, AwsBackendResource-style wiring can replace this.
 */
public class LocalBackendResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            return Map.of("mlops.backend", "local",
                    "mlops.data-dir", Files.createTempDirectory("registry-lambda").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}

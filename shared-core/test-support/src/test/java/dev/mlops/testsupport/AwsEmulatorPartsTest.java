package dev.mlops.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the selection that need no emulator, so they still report when none can be had. */
class AwsEmulatorPartsTest {

    @Test
    void environmentEndpointWinsAndKeepsItsCredentials() {
        AwsEmulator env = AwsEmulator.fromEnv(Map.of(
                "AWS_ENDPOINT_URL", "http://localhost:4566",
                "MLOPS_AWS_ENDPOINT", "http://other:1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")).orElseThrow();
        assertEquals("env", env.kind());
        assertEquals(URI.create("http://localhost:4566"), env.endpoint());
        assertEquals("AKIDEXAMPLE", env.accessKey());
        assertEquals("test", env.secretKey());

        assertEquals(URI.create("http://other:1"),
                AwsEmulator.fromEnv(Map.of("MLOPS_AWS_ENDPOINT", "http://other:1")).orElseThrow().endpoint());
        assertTrue(AwsEmulator.fromEnv(Map.of("AWS_ENDPOINT_URL", " ")).isEmpty(), "blank means unset");
    }

    @Test
    void uniquePrefixesAreFreshBucketSafeNames() {
        AwsEmulator aws = new AwsEmulator("env", URI.create("http://localhost:1"), "test", "test");
        String name = aws.uniquePrefix("My_Runs.Table--Test");
        assertTrue(name.matches("my-runs-table-test-[0-9a-f]{8}"), name);
        assertNotEquals(name, aws.uniquePrefix("My_Runs.Table--Test"));
        assertTrue(aws.uniquePrefix("x".repeat(100) + "-artifacts").length() <= 39);
        assertTrue(aws.uniquePrefix("--").matches("test-[0-9a-f]{8}"));
    }

    @Test
    void failureMessageNamesAllThreeWays() {
        String message = AwsEmulator.noEmulatorMessage();
        assertTrue(message.contains("AWS_ENDPOINT_URL"), message);
        assertTrue(message.contains("Docker"), message);
        assertTrue(message.contains("moto[server]==5.2.5") && message.contains("MLOPS_MOTO_SERVER"), message);
    }

    @Test
    void repoRootIsWhereTheWrapperIs() {
        Path root = MotoServer.repoRoot(Path.of(System.getProperty("user.dir"))).orElseThrow();
        assertTrue(root.resolve("mvnw").toFile().isFile());
        assertTrue(root.resolve("scripts/python-requirements.txt").toFile().isFile());
    }
}

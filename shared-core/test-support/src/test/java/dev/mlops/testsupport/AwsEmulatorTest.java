package dev.mlops.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulatorExtension.class)
class AwsEmulatorTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The selection picks what this machine offers (moto here: no endpoint set, no Docker) and it really serves. */
    @Test
    void theChosenEmulatorAnswersAndResets(AwsEmulator aws) throws Exception {
        assertSame(AwsEmulator.get(), aws, "one emulator per JVM");
        assertEquals(expectedKind(), aws.kind());
        assertEquals("us-east-1", aws.region());

        HttpResponse<String> root = send(HttpRequest.newBuilder(aws.endpoint()).GET());
        assertTrue(root.statusCode() < 500, "endpoint answers: " + root.statusCode() + " " + root.body());

        if (aws.kind().equals("moto")) {
            // moto takes unsigned S3 calls; a bucket made now must be gone after reset().
            String bucket = aws.uniquePrefix("harness-check");
            assertEquals(200, send(HttpRequest.newBuilder(aws.endpoint().resolve("/" + bucket))
                    .PUT(HttpRequest.BodyPublishers.noBody())).statusCode());
            assertTrue(listBuckets(aws).contains("<Name>" + bucket + "</Name>"));
            aws.reset();
            assertFalse(listBuckets(aws).contains(bucket), "reset() empties moto");
        } else {
            aws.reset(); // a no-op there, and must not fail
        }
    }

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

    private static String expectedKind() {
        if (isSet("AWS_ENDPOINT_URL") || isSet("MLOPS_AWS_ENDPOINT")) {
            return "env";
        }
        return LocalStack.dockerAvailable() ? "localstack" : "moto";
    }

    private static boolean isSet(String name) {
        String value = System.getenv(name);
        return value != null && !value.isBlank();
    }

    private String listBuckets(AwsEmulator aws) throws Exception {
        return send(HttpRequest.newBuilder(aws.endpoint()).GET()).body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

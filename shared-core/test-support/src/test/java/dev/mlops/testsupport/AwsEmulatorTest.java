package dev.mlops.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

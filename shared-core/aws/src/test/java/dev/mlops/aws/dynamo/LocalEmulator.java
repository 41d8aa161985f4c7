package dev.mlops.aws.dynamo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * Temporary stand-in for dev.mlops.testsupport.AwsEmulator until shared-core/test-support ships it: a moto server
 * at {@code AWS_ENDPOINT_URL} (default http://127.0.0.1:5123). Same method names, so switching is a rename.
 */
final class LocalEmulator {

    private static final LocalEmulator INSTANCE = new LocalEmulator();
    private final URI endpoint = URI.create(System.getenv().getOrDefault("AWS_ENDPOINT_URL",
            "http://127.0.0.1:5123"));

    static LocalEmulator get() {
        return INSTANCE;
    }

    URI endpoint() {
        return endpoint;
    }

    String region() {
        return "us-east-1";
    }

    String accessKey() {
        return "test";
    }

    String secretKey() {
        return "test";
    }

    String kind() {
        return "moto";
    }

    /** Drops all emulator state (moto's POST /moto-api/reset). */
    void reset() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("No emulator at " + endpoint + "; start moto_server there", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String uniquePrefix(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

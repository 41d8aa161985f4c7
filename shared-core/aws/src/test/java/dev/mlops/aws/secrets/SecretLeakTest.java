package dev.mlops.aws.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.testsupport.LogCapture;
import dev.mlops.testsupport.AwsEmulator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Drives the provider through success, rotation and every failure path while capturing all output, then searches
 * logs, stack traces, toString and JSON dumps for the secret values and the emulator's secret key.
 */
class SecretLeakTest {

    private static final Logger LOG = Logger.getLogger(SecretLeakTest.class);

    @Test
    void secretValues_shouldNeverAppear_inLogsExceptionsOrDumps() throws Exception {
        String v1 = "canary-one-" + UUID.randomUUID();
        String v2 = "canary-two-" + UUID.randomUUID();
        AwsEmulator aws = AwsEmulator.get();
        // Emulators take any key; "test" would be a useless needle, so search for a distinctive one.
        String secretKey = aws.secretKey().length() >= 16 ? aws.secretKey() : "canary-secret-key-" + UUID.randomUUID();
        AwsSettings settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(), secretKey,
                aws.uniquePrefix("leak"));
        String secretId = "mlops/test/" + UUID.randomUUID() + "/api-key";
        List<String> seen = new ArrayList<>();

        try (LogCapture capture = new LogCapture(); AwsClients clients = new AwsClients(settings, List.of())) {
            clients.secrets().createSecret(b -> b.name(secretId).secretString(v1));
            SecretProvider provider = new SecretProvider(clients.secrets(), Duration.ofMinutes(5));

            // Config dumps: what a startup log or health page would print.
            LOG.infof("Starting with %s", settings);
            seen.add(settings.toString());
            seen.add(json(settings));
            seen.add(clients.credentials().toString());
            seen.add(clients.credentials().resolveCredentials().toString());

            // Success, then a rotation the provider recovers from.
            Secret first = provider.get(secretId);
            LOG.infof("Got %s", first);
            seen.add(first.toString());
            seen.add(json(first));
            clients.secrets().putSecretValue(b -> b.secretId(secretId).secretString(v2));
            provider.withSecret(secretId, s -> {
                if (s.reveal().equals(v1)) {
                    throw new CredentialRejectedException("HTTP 401 from the workspace");
                }
                return s.reveal().length();
            });

            // Failures: a second rejection, an unchanged secret, a missing secret, an unreachable service.
            seen.add(LogCapture.failureText(() -> provider.withSecret(secretId, s -> {
                throw new CredentialRejectedException("HTTP 403");
            })));
            seen.add(LogCapture.failureText(() -> provider.get("mlops/test/absent-" + UUID.randomUUID())));
            try (AwsClients down = new AwsClients(AwsSettings.forEmulator(URI.create("http://127.0.0.1:9"),
                    aws.region(), aws.accessKey(), secretKey, "down"), List.of())) {
                seen.add(LogCapture.failureText(() -> new SecretProvider(down.secrets(), Duration.ZERO).get(secretId)));
            }
            seen.add(capture.text());

            assertThat(capture.logs()).as("the capture works: the rotation was logged")
                    .contains("was rejected; retrying once").contains("has not changed");
        }

        assertThat(String.join("\n", seen)).doesNotContain(v1).doesNotContain(v2)
                .doesNotContain(secretKey).contains("****");
    }

    /** Jackson as the Quarkus runtime configures it: Optionals are written as their contents. */
    private static String json(Object value) throws IOException {
        @SuppressWarnings({"rawtypes", "unchecked"})
        SimpleModule optionals = new SimpleModule().addSerializer((Class) Optional.class,
                new JsonSerializer<Optional<?>>() {
                    @Override
                    public void serialize(Optional<?> optional, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        provider.defaultSerializeValue(optional.orElse(null), gen);
                    }
                });
        return new ObjectMapper().registerModule(optionals).writeValueAsString(value);
    }
}

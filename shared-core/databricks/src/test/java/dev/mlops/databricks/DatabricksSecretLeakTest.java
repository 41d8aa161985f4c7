package dev.mlops.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.secrets.SecretProvider;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.testsupport.AwsEmulator;
import dev.mlops.testsupport.LogCapture;
import dev.mlops.testsupport.databricks.LocalWarehouse;
import dev.mlops.testsupport.databricks.StatementFacade;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The secrets-in-logs test for the Databricks backend, with the driver's own logging at its most verbose (TRACE, to
 * files) and every JUL record and console line captured: a token from Secrets Manager, its rotation (the workspace
 * refuses the old token mid-run, the provider fetches the new one), a refused token, and refused OAuth client
 * credentials. Then logs, driver log files, stack traces, the JDBC URL and config dumps are searched for every
 * credential.
 */
class DatabricksSecretLeakTest {

    @Test
    void credentials_shouldNeverAppear_inLogsDriverLogsExceptionsUrlsOrDumps() throws Exception {
        LocalWarehouse warehouse = LocalWarehouse.get();
        StatementFacade facade = warehouse.facade();
        String first = "dapi-canary-one-" + UUID.randomUUID();
        String second = "dapi-canary-two-" + UUID.randomUUID();
        String refused = "dapi-canary-refused-" + UUID.randomUUID();
        String clientSecret = "oauth-canary-secret-" + UUID.randomUUID();
        facade.acceptToken(first);
        Path driverLogs = Files.createTempDirectory("dbx-driver-logs");
        DatabricksSettings settings = TestWarehouse.sharedSettings().withDriverOptions(Map.of("LogLevel", "TRACE",
                "LogPath", driverLogs.toString()));
        AwsEmulator aws = AwsEmulator.get();
        AwsSettings awsSettings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), aws.uniquePrefix("dbx-leak"));
        String secretId = "mlops/test/" + UUID.randomUUID() + "/databricks";
        List<String> seen = new ArrayList<>();

        try (LogCapture capture = new LogCapture(); AwsClients clients = new AwsClients(awsSettings, List.of())) {
            clients.secrets().createSecret(b -> b.name(secretId).secretString("{\"token\": \"" + first + "\"}"));
            SecretProvider provider = new SecretProvider(clients.secrets(), Duration.ofMinutes(5));
            CredentialSource fromSecret = new CredentialSource.FromSecret(provider, secretId);
            try (DatabricksBackend backend = TestWarehouse.open(settings, fromSecret, TestWarehouse.fastPolicy())) {
                var metadata = backend.asBackend().metadata();
                metadata.createExperiment(new NewExperiment("leak-" + UUID.randomUUID(), null, Map.of(), 1));

                // Rotation: the workspace now refuses the first token; the secret holds the second.
                clients.secrets().putSecretValue(b -> b.secretId(secretId)
                        .secretString("{\"token\": \"" + second + "\"}"));
                facade.acceptToken(second);
                facade.revokeToken(first);
                String name = "leak-rotated-" + UUID.randomUUID();
                metadata.createExperiment(new NewExperiment(name, null, Map.of(), 2));
                assertThat(metadata.getExperimentByName(name)).as("written with the rotated token").isPresent();
                // At TRACE the driver's request-body logger cut such a value mid-character and failed the statement.
                String accented = "leak-" + "é".repeat(60);
                metadata.createExperiment(new NewExperiment(accented, null, Map.of(), 3));
                assertThat(metadata.getExperimentByName(accented)).as("a short value longer in UTF-8").isPresent();

                seen.add(settings.toString());
                seen.add(new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
                        .writeValueAsString(settings));
                seen.add(DatabricksCredentials.token(second).toString());
                seen.add(new ObjectMapper().writeValueAsString(DatabricksCredentials.oauth("cid", clientSecret)));
                seen.add(new DriverConnections(settings, fromSecret).url(DatabricksCredentials.token(second)));
            }

            // A token the workspace refuses, and OAuth client credentials that never get a token.
            var once = new dev.mlops.databricks.sql.Warehouse.FaultPolicy(0, Duration.ofMillis(10),
                    Duration.ofMillis(20), Duration.ofSeconds(5), 100, 1.0, Duration.ofSeconds(1));
            seen.add(LogCapture.failureText(() -> TestWarehouse.open(settings, new CredentialSource.Fixed(
                    DatabricksCredentials.token(refused)), once)));
            seen.add(LogCapture.failureText(() -> TestWarehouse.open(settings, new CredentialSource.Fixed(
                    DatabricksCredentials.oauth("leak-client", clientSecret)), once)));
            seen.add(capture.text());
            assertThat(capture.logs()).as("the capture works: the provider logged the rotation")
                    .contains("was rejected; retrying once");
        } finally {
            facade.revokeToken(second);
        }
        String driverLogText = readAll(driverLogs);
        assertThat(driverLogText).as("the driver logged at TRACE into LogPath").isNotBlank();
        seen.add(driverLogText);

        String everything = String.join("\n", seen);
        assertThat(everything).doesNotContain(first).doesNotContain(second).doesNotContain(refused)
                .doesNotContain(clientSecret).contains("****");
    }

    private static String readAll(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                text.append(Files.readString(f, StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return text.toString();
    }
}

package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.aws.RequestCounter;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.error.TemporarilyUnavailableException;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guard fails fast once DynamoDB is down, and never counts a refused condition as an outage. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoGuardTest {

    @Test
    void guard_shouldStopCallingDynamo_whenItKeepsFailing() {
        AwsSettings nowhere = AwsSettings.forEmulator(URI.create("http://127.0.0.1:9"), "us-east-1", "test",
                "test", "down");
        RequestCounter requests = new RequestCounter();
        try (AwsClients clients = new AwsClients(nowhere, List.of(requests))) {
            DynamoGuard guard = new DynamoGuard(Duration.ofSeconds(5), 2, 0.5, Duration.ofMinutes(1));
            DynamoMetadataStore store = new DynamoMetadataStore(clients.dynamo(), DynamoTables.of(nowhere), guard,
                    "x", InstantSource.system());
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> store.getRun("r")).isInstanceOf(StorageFailureException.class)
                        .hasMessageContaining("failed");
            }
            int sent = requests.count();

            assertThatThrownBy(() -> store.getRun("r")).isInstanceOf(TemporarilyUnavailableException.class)
                    .hasMessageContaining("not attempted");
            assertThat(requests.count()).as("requests sent while the breaker is open").isEqualTo(sent);
        }
    }

    @Test
    void guard_shouldStayClosed_whenConditionsAreRefused() {
        try (DynamoFixture fixture = DynamoFixture.create()) {
            DynamoGuard strict = new DynamoGuard(Duration.ofSeconds(5), 2, 0.5, Duration.ofMinutes(1));
            DynamoMetadataStore store = new DynamoMetadataStore(fixture.dynamo, fixture.tables, strict,
                    "x", InstantSource.system());
            store.createExperiment(new NewExperiment("once", null, Map.of(), 1));

            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> store.createExperiment(new NewExperiment("once", null, Map.of(), 1)))
                        .isInstanceOf(ResourceAlreadyExistsException.class);
            }

            assertThat(store.getExperimentByName("once")).isPresent();
        }
    }
}

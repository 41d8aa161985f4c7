package dev.mlops.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.testsupport.AwsEmulator;
import dev.mlops.testsupport.EventCapture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Replays the EventBridge schedule's event through the health function (mock event server) against the emulator,
 * and reads what it published from an SQS queue behind an EventBridge rule, as a pager would: a report each run,
 * a status change only when UP turns DOWN (a table went missing) and not again while it stays DOWN.
 */
@QuarkusTest
@QuarkusTestResource(AwsHealthResource.class)
class ScheduledHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of(System.getProperty("events.samples.dir", "../../events-samples"),
            "eventbridge");
    private static EventCapture capture;

    @BeforeAll
    static void subscribe() {
        capture = EventCapture.attach(AwsEmulator.get(), AwsHealthResource.PREFIX + "-events",
                "{\"source\":[\"mlops.tracking\"],\"detail-type\":[\"HealthReport\",\"HealthStatusChanged\"]}");
    }

    @AfterAll
    static void unsubscribe() {
        capture.close();
    }

    @Test
    void schedule_shouldReportEachRun_andAnnounceOnlyTheFlipToDown() throws IOException {
        JsonNode first = invoke();
        List<JsonNode> up = new ArrayList<>(capture.receive(2, Duration.ofSeconds(20)));
        dropRegistryTable();
        JsonNode second = invoke();
        List<JsonNode> down = new ArrayList<>(capture.receive(2, Duration.ofSeconds(20)));
        JsonNode third = invoke();
        List<JsonNode> still = new ArrayList<>(capture.receive(2, Duration.ofSeconds(5)));

        assertThat(first.path("status").asText()).isEqualTo("UP");
        assertThat(first.path("changedFrom").asText()).isEqualTo("UNKNOWN");
        assertThat(first.path("checks").findValuesAsText("name")).containsExactly("storage", "lake", "events");
        assertThat(first.at("/metrics/health.ready").asInt()).isEqualTo(1);
        assertThat(first.at("/metrics/health.lake.buffered_points").asLong()).isZero();
        assertThat(EventCapture.details(up, "HealthReport")).singleElement().satisfies(report -> {
            assertThat(report.path("status").asText()).isEqualTo("UP");
            assertThat(report.path("checks").get(0).path("name").asText()).isEqualTo("storage");
            assertThat(report.path("checks").get(0).path("data").path("backend").asText()).isEqualTo("aws");
        });
        assertThat(EventCapture.details(up, "HealthStatusChanged")).singleElement()
                .satisfies(change -> assertThat(change.path("to").asText()).isEqualTo("UP"));

        assertThat(second.path("status").asText()).isEqualTo("DOWN");
        assertThat(second.at("/metrics/health.storage.level").asInt()).isEqualTo(2);
        assertThat(EventCapture.details(down, "HealthReport")).singleElement()
                .satisfies(report -> assertThat(report.path("status").asText()).isEqualTo("DOWN"));
        assertThat(EventCapture.details(down, "HealthStatusChanged")).singleElement().satisfies(change -> {
            assertThat(change.path("from").asText()).isEqualTo("UP");
            assertThat(change.path("to").asText()).isEqualTo("DOWN");
            assertThat(change.path("failing").get(0).asText()).isEqualTo("storage");
            assertThat(change.path("reason").asText()).contains(AwsHealthResource.PREFIX + "-registry is MISSING");
        });

        assertThat(third.path("status").asText()).isEqualTo("DOWN");
        assertThat(third.path("changedFrom").isNull() || third.path("changedFrom").isMissingNode()).isTrue();
        assertThat(EventCapture.details(still, "HealthReport")).hasSize(1);
        assertThat(EventCapture.details(still, "HealthStatusChanged")).as("no second page while it stays DOWN")
                .isEmpty();
    }

    private static JsonNode invoke() throws IOException {
        String api = ConfigProvider.getConfig().getValue("quarkus-internal.aws-lambda.test-api", String.class);
        String response = given().contentType("application/json")
                .body(Files.readString(SAMPLES.resolve("scheduled-health.json"))).post("http://" + api)
                .then().statusCode(200).extract().asString();
        return JSON.readTree(response);
    }

    private static void dropRegistryTable() {
        AwsEmulator aws = AwsEmulator.get();
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(aws.endpoint())
                .region(Region.of(aws.region())).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()))).build()) {
            dynamo.deleteTable(b -> b.tableName(AwsHealthResource.PREFIX + "-registry"));
        }
    }
}

package dev.mlops.recovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.NewModelVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Replays the recovery function's events from events-samples through the Lambda (mock event server, Jackson in and
 * out) against the emulator: the daily schedule, operator invocations and the admin routes as API Gateway delivers
 * them with IAM auth.
 */
@QuarkusTest
@QuarkusTestResource(AwsRecoveryResource.class)
class RecoveryLambdaReplayTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SAMPLES = Path.of(System.getProperty("events.samples.dir", "../../events-samples"));

    @Inject
    Backend backend;

    @Test
    void schedule_thenOperatorInvocations_thenAdminRoutes() throws IOException {
        String model = "replayed-" + UUID.randomUUID().toString().substring(0, 8);
        backend.registry().createModel(new RegisteredModel(model, 1, 1, null, Map.of(), Map.of()));
        for (int v = 1; v <= 2; v++) {
            backend.registry().createVersion(new NewModelVersion(model, "s3://elsewhere/m" + v, null, null, null,
                    "tester", Map.of(), null, VersionStatus.READY, null, 10 + v, null, 0));
            backend.registry().transitionStage(model, v, ModelStage.PRODUCTION, true, 20 + v);
        }

        JsonNode scheduled = invoke(sample("eventbridge/scheduled-snapshot.json"));
        String snapshot = scheduled.path("snapshot").path("id").asText();
        assertThat(snapshot).startsWith("snap-");
        assertThat(scheduled.path("snapshot").path("kind").asText()).isEqualTo("SCHEDULED");
        assertThat(scheduled.path("prune").path("retained").asInt()).isPositive();

        assertThat(invoke(sample("recovery/invoke-verify.json")).path("clean").asBoolean()).isTrue();
        assertThat(invoke(sample("recovery/invoke-recover-dry-run.json")).path("recovery").path("dry_run")
                .asBoolean()).isTrue();

        JsonNode listed = body(invoke(sample("apigw-v2/admin-snapshots-list.json")), 200);
        assertThat(listed.path("snapshots").findValuesAsText("id")).contains(snapshot);

        JsonNode rolledBack = body(invoke(sample("apigw-v2/admin-rollback.json").replace("MODEL_NAME", model)), 200);
        assertThat(rolledBack.path("rollback").path("to_version").asInt()).isEqualTo(1);
        assertThat(backend.registry().getVersion(model, 1).orElseThrow().stage()).isEqualTo(ModelStage.PRODUCTION);

        JsonNode restored = invoke(sample("recovery/invoke-restore.json").replace("SNAPSHOT_ID", snapshot));
        assertThat(restored.path("restore").path("snapshot_id").asText()).isEqualTo(snapshot);
        assertThat(backend.registry().getVersion(model, 2).orElseThrow().stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(body(invoke(sample("apigw-v2/admin-verify.json")), 200).path("clean").asBoolean()).isTrue();
    }

    @Test
    void unknownRoutesAndActions_getMlflowErrors() throws IOException {
        assertThat(body(invoke(sample("apigw-v2/admin-unknown-route.json")), 404).path("error_code").asText())
                .isEqualTo("ENDPOINT_NOT_FOUND");
        assertThat(invoke(sample("recovery/invoke-unknown-action.json")).path("error_code").asText())
                .isEqualTo("INVALID_PARAMETER_VALUE");
    }

    private static String sample(String name) throws IOException {
        return Files.readString(SAMPLES.resolve(name));
    }

    /** An API Gateway response's JSON body, after checking its status. */
    private static JsonNode body(JsonNode response, int status) throws IOException {
        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(status);
        return JSON.readTree(response.path("body").asText());
    }

    private static JsonNode invoke(String event) throws IOException {
        String api = ConfigProvider.getConfig().getValue("quarkus-internal.aws-lambda.test-api", String.class);
        String response = given().contentType("application/json").body(event).post("http://" + api)
                .then().statusCode(200).extract().asString();
        return JSON.readTree(response);
    }
}

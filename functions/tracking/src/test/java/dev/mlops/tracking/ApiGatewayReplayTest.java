package dev.mlops.tracking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Replays real API Gateway HTTP API (v2) events from events-samples/ through the Lambda handler, via the mock
 * event server's raw endpoint, and checks the API Gateway responses.
 */
@QuarkusTest
@QuarkusTestResource(AwsBackendResource.class)
class ApiGatewayReplayTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SAMPLES = Path.of(System.getProperty("events.samples.dir", "../../events-samples"),
            "apigw-v2");

    @Test
    void createThenGetByName_shouldRoundTripThroughLambdaEvents() throws IOException {
        JsonNode created = invoke(sample("create-experiment.json"));
        JsonNode fetched = invoke(sample("get-experiment-by-name.json"));

        assertThat(created.get("statusCode").asInt()).isEqualTo(200);
        String experimentId = body(created).get("experiment_id").asText();
        assertThat(fetched.get("statusCode").asInt()).isEqualTo(200);
        JsonNode experiment = body(fetched).get("experiment");
        assertThat(experiment.get("experiment_id").asText()).isEqualTo(experimentId);
        assertThat(experiment.get("name").asText()).isEqualTo("apigw-replayed-experiment");
        assertThat(experiment.get("tags").get(0).get("value").asText()).isEqualTo("api-gateway");
    }

    @Test
    void logBatch_shouldDecodeBase64BodyAndKeepNaN() throws IOException {
        JsonNode run = body(invoke(sample("create-run.json"))).get("run");
        String runId = run.get("info").get("run_id").asText();
        ObjectNode batch = sample("log-batch-base64.json");
        String decoded = new String(Base64.getDecoder().decode(batch.get("body").asText()), StandardCharsets.UTF_8);
        batch.put("body", Base64.getEncoder().encodeToString(
                decoded.replace("RUN_ID", runId).getBytes(StandardCharsets.UTF_8)));

        JsonNode logged = invoke(batch);

        assertThat(logged.get("statusCode").asInt()).isEqualTo(200);
        given().queryParam("run_id", runId).queryParam("metric_key", "loss")
                .get("/api/2.0/mlflow/metrics/get-history")
                .then().statusCode(200)
                .body("metrics.size()", equalTo(2))
                .body("metrics[1].value", equalTo("NaN"));
        assertThat(run.get("info").get("run_name").asText()).isEqualTo("apigw-run");
    }

    @Test
    void unknownRun_shouldAnswerMlflowErrorThroughApiGateway() throws IOException {
        JsonNode response = invoke(sample("get-run-unknown.json"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(404);
        assertThat(body(response).get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    private static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) MAPPER.readTree(Files.readString(SAMPLES.resolve(name)));
    }

    private static JsonNode invoke(JsonNode event) throws IOException {
        String response = given().contentType("application/json").body(event.toString())
                .post("/_lambda_").then().extract().asString();
        return MAPPER.readTree(response);
    }

    private static JsonNode body(JsonNode response) throws IOException {
        String text = response.get("body").asText();
        if (response.path("isBase64Encoded").asBoolean(false)) {
            text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        }
        return MAPPER.readTree(text);
    }
}

package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;

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
 * Replays API Gateway HTTP API (v2) events from events-samples/ through the registry Lambda handler, via the mock
 * event server's raw endpoint, and checks the API Gateway responses.
 */
@QuarkusTest
@QuarkusTestResource(LocalBackendResource.class)
class RegistryApiGatewayReplayTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SAMPLES = Path.of(System.getProperty("events.samples.dir", "../../events-samples"),
            "apigw-v2");

    @Test
    void createModelThenVersion_shouldRoundTripThroughLambdaEvents() throws IOException {
        JsonNode model = invoke(sample("registry-create-model.json"));
        JsonNode version = invoke(sample("registry-create-version.json"));
        JsonNode retried = invoke(sample("registry-create-version.json"));
        JsonNode fetched = invoke(sample("registry-get-version.json"));

        assertThat(model.get("statusCode").asInt()).isEqualTo(200);
        assertThat(body(model).at("/registered_model/name").asText()).isEqualTo("apigw-replayed-model");
        assertThat(body(model).at("/registered_model/tags/0/value").asText()).isEqualTo("api-gateway");
        assertThat(version.get("statusCode").asInt()).isEqualTo(200);
        assertThat(body(version).at("/model_version/version").asText()).isEqualTo("1");
        assertThat(body(version).at("/model_version/status").asText()).isEqualTo("READY");
        // the sample carries an Idempotency-Key header: its retry is the same registration, not a new version
        assertThat(body(retried).at("/model_version/version").asText()).isEqualTo("1");
        assertThat(fetched.get("statusCode").asInt()).isEqualTo(200);
        assertThat(body(fetched).at("/model_version/source").asText())
                .isEqualTo("s3://external-bucket/models/churn/1");
    }

    @Test
    void unknownModel_shouldAnswerMlflowErrorThroughApiGateway() throws IOException {
        JsonNode response = invoke(sample("registry-get-model-unknown.json"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(404);
        assertThat(body(response).get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(body(response).get("message").asText()).isEqualTo("Registered Model with name=no-such-model not found");
    }

    @Test
    void unknownRegistryEndpoint_shouldAnswerEndpointNotFound() throws IOException {
        ObjectNode event = sample("registry-get-model-unknown.json");
        event.put("rawPath", "/api/2.0/mlflow/registered-models/no-such-endpoint");
        ((ObjectNode) event.get("requestContext").get("http")).put("path",
                "/api/2.0/mlflow/registered-models/no-such-endpoint");

        JsonNode response = invoke(event);

        assertThat(response.get("statusCode").asInt()).isEqualTo(404);
        assertThat(body(response).get("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
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

package dev.mlops.tracking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * On Lambda the audit log names the IAM caller and API Gateway's request id from the request context, and the
 * function waits (mlops.audit.await-on-request) until the entry is in DynamoDB before it answers.
 */
@QuarkusTest
@QuarkusTestResource(AwsBackendResource.class)
class AuditThroughApiGatewayTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SAMPLES = Path.of(System.getProperty("events.samples.dir", "../../events-samples"),
            "apigw-v2");
    private static final String ROLE = "arn:aws:sts::123456789012:assumed-role/training-jobs/training-job-42";

    @Test
    void anIamSignedCall_shouldBeAuditedUnderItsUserArn_withApiGatewaysRequestId() throws IOException {
        JsonNode created = invoke(sample("create-experiment-iam.json"));
        assertThat(created.get("statusCode").asInt()).isEqualTo(200);

        ObjectNode search = sample("get-experiment-by-name.json");
        search.put("rawPath", "/api/2.0/mlops/audit/search");
        search.put("rawQueryString", "actor=" + URLEncoder.encode(ROLE, StandardCharsets.UTF_8));
        ((ObjectNode) search.get("requestContext").get("http")).put("path", "/api/2.0/mlops/audit/search");
        JsonNode answer = MAPPER.readTree(invoke(search).get("body").asText());

        JsonNode entry = answer.get("entries").get(0);
        assertThat(answer.get("entries").size()).isEqualTo(1);
        assertThat(entry.get("actor").asText()).isEqualTo(ROLE);
        assertThat(entry.get("action").asText()).isEqualTo("CreateExperiment");
        assertThat(entry.get("request_id").asText()).isEqualTo("IamQ7fWdsDoEJ2A=");
        assertThat(entry.get("resources").get(0).asText())
                .isEqualTo("experiment/" + MAPPER.readTree(created.get("body").asText()).get("experiment_id").asText());
    }

    private static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) MAPPER.readTree(Files.readString(SAMPLES.resolve(name)));
    }

    private static JsonNode invoke(JsonNode event) throws IOException {
        return MAPPER.readTree(given().contentType("application/json").body(event.toString()).post("/_lambda_")
                .then().extract().asString());
    }
}

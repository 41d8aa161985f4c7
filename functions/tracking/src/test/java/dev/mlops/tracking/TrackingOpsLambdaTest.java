package dev.mlops.tracking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.telemetry.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tracking Lambda's probes and meters on the AWS backend: /q/health/* and MLflow's /health and /version answer
 * through the lambda-http virtual channel (RestAssured calls become API Gateway events; a replayed API Gateway event
 * of a health checker too), readiness checks the real tables, bucket and bus, and the meters count a workload.
 */
@QuarkusTest
@QuarkusTestResource(AwsBackendResource.class)
class TrackingOpsLambdaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of(System.getProperty("events.samples.dir", "../../events-samples"),
            "apigw-v2");

    @Inject
    MeterRegistry registry;

    @Inject
    Telemetry telemetry;

    @Test
    void probes_shouldAnswerThroughTheLambdaHandler() {
        given().get("/health").then().statusCode(200).body(equalTo("OK"));
        given().get("/version").then().statusCode(200).body(equalTo("3.17.2"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", containsInAnyOrder("storage", "lake", "memory", "events"))
                .body("checks.find { it.name == 'storage' }.data.backend", equalTo("aws"))
                .body("checks.find { it.name == 'events' }.data.bus_state", equalTo("REACHABLE"));
    }

    @Test
    void replayedHealthCheckerEvent_shouldGetTheReadinessReportAsAnApiGatewayResponse() throws IOException {
        String response = given().contentType("application/json")
                .body(Files.readString(SAMPLES.resolve("health-ready.json"))).post("/_lambda_")
                .then().statusCode(200).extract().asString();

        JsonNode answer = JSON.readTree(response);
        assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
        String body = answer.get("body").asText();
        if (answer.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        JsonNode report = JSON.readTree(body);
        assertThat(report.get("status").asText()).isEqualTo("UP");
        assertThat(report.get("checks").findValuesAsText("name")).contains("storage", "lake");
    }

    @Test
    void meters_shouldCountRequestsPointsAndPublishedEvents_andEmfShouldBeOn() {
        double published = registry.get("mlops.events.published").functionCounter().count();
        double accepted = registry.get("mlops.metric.points.accepted").counter().count();
        String experiment = given().contentType("application/json")
                .body("{\"name\":\"ops-" + UUID.randomUUID() + "\"}").post("/api/2.0/mlflow/experiments/create")
                .then().statusCode(200).extract().path("experiment_id");
        String run = given().contentType("application/json").body("{\"experiment_id\":\"" + experiment + "\"}")
                .post("/api/2.0/mlflow/runs/create").then().statusCode(200).extract().path("run.info.run_id");
        given().contentType("application/json").body("{\"run_id\":\"" + run + "\",\"metrics\":["
                        + "{\"key\":\"loss\",\"value\":1.0,\"timestamp\":1,\"step\":0},"
                        + "{\"key\":\"loss\",\"value\":0.5,\"timestamp\":2,\"step\":1}]}")
                .post("/api/2.0/mlflow/runs/log-batch").then().statusCode(200);

        assertThat(registry.get("mlops.events.published").functionCounter().count() - published)
                .as("ExperimentCreated, RunCreated, MetricsLogged").isEqualTo(3);
        assertThat(registry.get("mlops.metric.points.accepted").counter().count() - accepted).isEqualTo(2);
        assertThat(registry.get("mlops.http.requests").tag("route", "/{prefix}/2.0/mlflow/runs/log-batch")
                .tag("status", "200").timer().count()).isPositive();
        assertThat(registry.find("mlops.metric.buffer.points").gauge()).as("left to the health function").isNull();
        assertThat(telemetry.emfEnabled()).isTrue();
    }
}

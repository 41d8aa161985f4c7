package dev.mlops.tracking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Plain HTTP calls turned into API Gateway events by the Lambda mock event server. */
@QuarkusTest
@QuarkusTestResource(AwsBackendResource.class)
class TrackingLambdaHttpTest {

    @Test
    void experimentAndRunLifecycle_shouldWorkThroughTheLambdaHandler() {
        String name = "lambda-" + UUID.randomUUID();
        String experimentId = given().contentType("application/json").body("{\"name\":\"" + name + "\"}")
                .post("/api/2.0/mlflow/experiments/create")
                .then().statusCode(200).body("experiment_id", notNullValue())
                .extract().path("experiment_id");

        String runId = given().contentType("application/json")
                .body("{\"experiment_id\":\"" + experimentId + "\",\"run_name\":\"r1\"}")
                .post("/ajax-api/2.0/mlflow/runs/create")
                .then().statusCode(200).extract().path("run.info.run_id");

        given().contentType("application/json")
                .body("{\"run_id\":\"" + runId + "\",\"key\":\"acc\",\"value\":0.9,\"timestamp\":1,\"step\":3}")
                .post("/api/2.0/mlflow/runs/log-metric").then().statusCode(200);

        given().queryParam("run_id", runId).get("/api/2.0/mlflow/runs/get")
                .then().statusCode(200)
                .body("run.info.experiment_id", equalTo(experimentId))
                .body("run.data.metrics[0].key", equalTo("acc"))
                .body("run.data.metrics[0].step", equalTo(3));
    }

    @Test
    void malformedJson_shouldAnswer400WithErrorCode() {
        given().contentType("application/json").body("{\"name\": ")
                .post("/api/2.0/mlflow/experiments/create")
                .then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    }
}

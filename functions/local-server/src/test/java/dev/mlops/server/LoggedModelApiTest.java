package dev.mlops.server;

import static dev.mlops.server.ApiCalls.API;
import static dev.mlops.server.ApiCalls.createRun;
import static dev.mlops.server.ApiCalls.experiment;
import static dev.mlops.server.ApiCalls.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** MLflow 3 logged models over real HTTP on the local backend, with the proto's field names and error codes. */
@QuarkusTest
class LoggedModelApiTest {

    private static final String MISSING = "m-00000000000000000000000000000000";

    @Test
    void create_shouldAnswerAPendingModelBelowTheExperimentLocation() {
        String exp = experiment();
        String runId = createRun(exp);

        ValidatableResponse created = send("POST", "logged-models", "{\"experiment_id\":\"" + exp + "\","
                + "\"name\":\"model\",\"model_type\":\"agent\",\"source_run_id\":\"" + runId + "\","
                + "\"params\":[{\"key\":\"lr\",\"value\":\"0.1\"}],\"tags\":[{\"key\":\"team\",\"value\":\"a\"}]}")
                .statusCode(200);

        String id = created.extract().path("model.info.model_id");
        created.body("model.info.model_id", matchesPattern("m-[0-9a-f]{32}"))
                .body("model.info.experiment_id", equalTo(exp))
                .body("model.info.name", equalTo("model"))
                .body("model.info.model_type", equalTo("agent"))
                .body("model.info.source_run_id", equalTo(runId))
                .body("model.info.status", equalTo("LOGGED_MODEL_PENDING"))
                .body("model.info.artifact_uri", equalTo("mlflow-artifacts:/" + exp + "/models/" + id + "/artifacts"))
                .body("model.info.creation_timestamp_ms", notNullValue())
                .body("model.info.last_updated_timestamp_ms", notNullValue())
                .body("model.info.tags[0].key", equalTo("team"))
                .body("model.data.params[0].value", equalTo("0.1"))
                .body("model.data.metrics", empty());
    }

    @Test
    void lifecycle_shouldFinalizeTagParamSearchAndDelete() {
        String exp = experiment();
        String id = createModel(exp, "clf");
        String other = createModel(exp, "other");

        send("PATCH", "logged-models/" + id, "{\"model_id\":\"" + id + "\",\"status\":\"LOGGED_MODEL_READY\"}")
                .statusCode(200).body("model.info.status", equalTo("LOGGED_MODEL_READY"));
        send("PATCH", "logged-models/" + id + "/tags", "{\"tags\":[{\"key\":\"stage\",\"value\":\"prod\"},"
                + "{\"key\":\"mlflow.note/x\",\"value\":\"n\"}]}").statusCode(200);
        send("POST", "logged-models/" + id + "/params", "{\"params\":[{\"key\":\"depth\",\"value\":\"3\"}]}")
                .statusCode(200);
        send("DELETE", "logged-models/" + id + "/tags/mlflow.note/x", null).statusCode(200);
        given().get(API + "logged-models/" + id).then().statusCode(200)
                .body("model.info.tags.key", contains("stage"))
                .body("model.data.params.key", contains("depth", "lr"));

        send("POST", "logged-models/search", "{\"experiment_ids\":[\"" + exp + "\"],"
                + "\"filter\":\"name = 'clf' AND tags.stage = 'prod'\"}").statusCode(200)
                .body("models.info.model_id", contains(id))
                .body("next_page_token", nullValue());
        send("POST", "logged-models/search", "{\"experiment_ids\":[\"" + exp + "\"],"
                + "\"order_by\":[{\"field_name\":\"name\",\"ascending\":false}],\"max_results\":1}").statusCode(200)
                .body("models.info.name", contains("other"))
                .body("next_page_token", notNullValue());

        send("DELETE", "logged-models/" + other, "{\"model_id\":\"" + other + "\"}").statusCode(200);
        given().get(API + "logged-models/" + other).then().statusCode(404)
                .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        given().queryParam("allow_deleted", "true").get(API + "logged-models/" + other).then().statusCode(200)
                .body("model.info.model_id", equalTo(other));
        send("POST", "logged-models/search", "{\"experiment_ids\":[\"" + exp + "\"]}").statusCode(200)
                .body("models", hasSize(1));
    }

    @Test
    void ajaxApi_shouldServeTheSameModels() {
        String id = createModel(experiment(), "ui");

        given().get("/ajax-api/2.0/mlflow/logged-models/" + id).then().statusCode(200)
                .body("model.info.name", equalTo("ui"));
    }

    @Test
    void artifacts_shouldRoundTripThroughTheProxyAndListUnderTheModel() {
        String exp = experiment();
        String id = createModel(exp, "files");
        String location = "mlflow-artifacts/artifacts/" + exp + "/models/" + id + "/artifacts/";

        given().body("flavors: {}".getBytes()).contentType("application/octet-stream")
                .put("/api/2.0/" + location + "MLmodel").then().statusCode(200);

        given().get("/api/2.0/" + location + "MLmodel").then().statusCode(200).body(equalTo("flavors: {}"));
        given().get(API + "logged-models/" + id + "/artifacts/directories").then().statusCode(200)
                .body("root_uri", equalTo("mlflow-artifacts:/" + exp + "/models/" + id + "/artifacts"))
                .body("files.path", contains("MLmodel"));
    }

    @Test
    void runOutputs_shouldAcceptKnownModelsAndRefuseUnknownOnes() {
        String exp = experiment();
        String runId = createRun(exp);
        String id = createModel(exp, "out");

        send("POST", "runs/outputs", "{\"run_id\":\"" + runId + "\",\"models\":[{\"model_id\":\"" + id
                + "\",\"step\":0}]}").statusCode(200);
        send("POST", "runs/outputs", "{\"run_id\":\"" + runId + "\",\"models\":[{\"model_id\":\"" + MISSING
                + "\"}]}").statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    }

    @Test
    void errors_shouldCarryMlflowCodesAndWriteNothing() {
        String exp = experiment();
        String id = createModel(exp, "e");

        given().get(API + "logged-models/" + MISSING).then().statusCode(404)
                .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        send("PATCH", "logged-models/" + MISSING, "{\"status\":\"LOGGED_MODEL_READY\"}").statusCode(404)
                .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        send("POST", "logged-models", "{\"experiment_id\":\"987654321\"}").statusCode(404)
                .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        send("POST", "logged-models", "{\"experiment_id\":\"not-a-number\"}").statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        send("POST", "logged-models", "{\"name\":\"x\"}").statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        send("POST", "logged-models", "{\"experiment_id\":\"" + exp + "\",\"name\":\"a/b\"}").statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        send("PATCH", "logged-models/" + id, "{\"status\":\"LOGGED_MODEL_STATUS_UNSPECIFIED\"}").statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        send("PATCH", "logged-models/" + id, "{\"status\":\"DONE\"}").statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        send("DELETE", "logged-models/" + id + "/tags/nope", null).statusCode(404)
                .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        send("POST", "logged-models/search", "{\"experiment_ids\":[\"" + exp + "\"],\"filter\":\"bogus = 'x'\"}")
                .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        send("POST", "logged-models/search", "{\"experiment_ids\":[\"" + exp + "\"],"
                + "\"order_by\":[{\"field_name\":\"params.x\"}]}").statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        send("POST", "logged-models/" + id + "/params", "{\"params\":[{\"key\":\"lr\",\"value\":\"0.2\"}]}")
                .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));

        given().get(API + "logged-models/" + id).then().statusCode(200)
                .body("model.info.status", equalTo("LOGGED_MODEL_PENDING"))
                .body("model.data.params[0].value", equalTo("0.1"));
    }

    @Test
    void create_shouldReturnTheSameModel_whenRetriedWithAnIdempotencyKey() {
        String exp = experiment();
        String body = "{\"experiment_id\":\"" + exp + "\",\"name\":\"retry\"}";
        String key = UUID.randomUUID().toString();

        String first = given().header("Idempotency-Key", key).body(body).post(API + "logged-models").then()
                .statusCode(200).extract().path("model.info.model_id");
        String second = given().header("Idempotency-Key", key).body(body).post(API + "logged-models").then()
                .statusCode(200).extract().path("model.info.model_id");

        org.assertj.core.api.Assertions.assertThat(second).isEqualTo(first);
        send("POST", "logged-models/search", "{\"experiment_ids\":[\"" + exp + "\"]}").statusCode(200)
                .body("models", hasSize(1));
    }

    // ---- helpers

    private static String createModel(String exp, String name) {
        return send("POST", "logged-models", "{\"experiment_id\":\"" + exp + "\",\"name\":\"" + name + "\","
                + "\"params\":[{\"key\":\"lr\",\"value\":\"0.1\"}]}")
                .statusCode(200).extract().path("model.info.model_id");
    }
}

package dev.mlops.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The MLflow REST surface over real HTTP on the local backend. */
@QuarkusTest
class TrackingApiTest {

    private static final String API = "/api/2.0/mlflow/";

    @Test
    void experiments_shouldSupportTheWholeLifecycle() {
        String name = unique("exp");
        String id = post("experiments/create", "{\"name\":\"" + name + "\",\"tags\":[{\"key\":\"a\",\"value\":\"1\"}]}")
                .statusCode(200).extract().path("experiment_id");

        given().queryParam("experiment_id", id).get(API + "experiments/get").then().statusCode(200)
                .body("experiment.name", equalTo(name))
                .body("experiment.lifecycle_stage", equalTo("active"))
                .body("experiment.artifact_location", equalTo("mlflow-artifacts:/" + id))
                .body("experiment.tags[0].key", equalTo("a"));
        post("experiments/update", "{\"experiment_id\":\"" + id + "\",\"new_name\":\"" + name + "-2\"}")
                .statusCode(200);
        post("experiments/set-experiment-tag", "{\"experiment_id\":\"" + id + "\",\"key\":\"b\",\"value\":\"2\"}")
                .statusCode(200);
        post("experiments/delete-experiment-tag", "{\"experiment_id\":\"" + id + "\",\"key\":\"a\"}")
                .statusCode(200);
        given().queryParam("experiment_name", name + "-2").get(API + "experiments/get-by-name").then()
                .statusCode(200).body("experiment.tags.key", contains("b"));
        post("experiments/delete", "{\"experiment_id\":\"" + id + "\"}").statusCode(200);
        given().queryParam("filter", "name = '" + name + "-2'").queryParam("view_type", "DELETED_ONLY")
                .get(API + "experiments/search").then().statusCode(200).body("experiments", hasSize(1));
        post("experiments/restore", "{\"experiment_id\":\"" + id + "\"}").statusCode(200);
        post("experiments/search", "{\"filter\":\"name = '" + name + "-2'\",\"max_results\":5}")
                .statusCode(200).body("experiments[0].lifecycle_stage", equalTo("active"));
    }

    @Test
    void experimentSearch_shouldPageWithOpaqueTokens() {
        String prefix = unique("pg");
        for (int i = 0; i < 3; i++) {
            post("experiments/create", "{\"name\":\"" + prefix + i + "\"}").statusCode(200);
        }
        String token = given().queryParam("filter", "name LIKE '" + prefix + "%'").queryParam("max_results", 2)
                .queryParam("order_by", "name ASC")
                .get(API + "experiments/search").then().statusCode(200)
                .body("experiments.name", contains(prefix + 0, prefix + 1))
                .extract().path("next_page_token");

        given().queryParam("filter", "name LIKE '" + prefix + "%'").queryParam("max_results", 2)
                .queryParam("order_by", "name ASC").queryParam("page_token", token)
                .get(API + "experiments/search").then().statusCode(200)
                .body("experiments.name", contains(prefix + 2))
                .body("next_page_token", nullValue());
    }

    @Test
    void runs_shouldLogAndReadBackEverything() {
        String experimentId = experiment();
        String runId = createRun(experimentId, "{\"key\":\"mlflow.user\",\"value\":\"bob\"}");

        post("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"lr\",\"value\":\"0.01\"}")
                .statusCode(200);
        post("runs/set-tag", "{\"run_uuid\":\"" + runId + "\",\"key\":\"team\",\"value\":\"ml\"}").statusCode(200);
        post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":["
                + "{\"key\":\"loss\",\"value\":1.5,\"timestamp\":10,\"step\":0},"
                + "{\"key\":\"loss\",\"value\":\"NaN\",\"timestamp\":11,\"step\":1},"
                + "{\"key\":\"loss\",\"value\":\"Infinity\",\"timestamp\":12,\"step\":2},"
                + "{\"key\":\"loss\",\"value\":\"-Infinity\",\"timestamp\":13,\"step\":3},"
                + "{\"key\":\"acc\",\"value\":0.5,\"timestamp\":13}],"
                + "\"params\":[{\"key\":\"bs\",\"value\":\"32\"}],\"tags\":[{\"key\":\"phase\",\"value\":\"train\"}]}")
                .statusCode(200);
        post("runs/log-inputs", "{\"run_id\":\"" + runId + "\",\"datasets\":[{\"tags\":[{\"key\":"
                + "\"mlflow.data.context\",\"value\":\"train\"}],\"dataset\":{\"name\":\"iris\",\"digest\":\"d1\","
                + "\"source_type\":\"local\",\"source\":\"{}\"}}]}").statusCode(200);
        post("runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"FINISHED\",\"end_time\":99}")
                .statusCode(200).body("run_info.status", equalTo("FINISHED"));

        given().queryParam("run_uuid", runId).get(API + "runs/get").then().statusCode(200)
                .body("run.info.run_id", equalTo(runId))
                .body("run.info.run_uuid", equalTo(runId))
                .body("run.info.end_time", equalTo(99))
                .body("run.info.artifact_uri", equalTo("mlflow-artifacts:/" + experimentId + "/" + runId
                        + "/artifacts"))
                .body("run.data.params.key", contains("bs", "lr"))
                .body("run.data.metrics.find { it.key == 'loss' }.value", equalTo("-Infinity"))
                .body("run.data.metrics.find { it.key == 'acc' }.step", equalTo(0))
                .body("run.data.tags.find { it.key == 'team' }.value", equalTo("ml"))
                .body("run.inputs.dataset_inputs[0].dataset.name", equalTo("iris"));
        given().queryParam("run_id", runId).queryParam("metric_key", "loss").get(API + "metrics/get-history")
                .then().statusCode(200)
                .body("metrics.value", contains(1.5f, "NaN", "Infinity", "-Infinity"));
    }

    @Test
    void logBatch_shouldStoreEachPointOnce_whenTheClientRetries() {
        String runId = createRun(experiment(), null);
        String batch = "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1,"
                + "\"step\":1},{\"key\":\"m\",\"value\":2,\"timestamp\":2,\"step\":2}]}";

        post("runs/log-batch", batch).statusCode(200);
        post("runs/log-batch", batch).statusCode(200);

        given().queryParam("run_id", runId).queryParam("metric_key", "m").get(API + "metrics/get-history")
                .then().statusCode(200).body("metrics", hasSize(2));
    }

    @Test
    void searchRuns_shouldFilterOrderAndPage_overGetAndPost() {
        String experimentId = experiment();
        String parent = createRun(experimentId, null);
        for (int i = 0; i < 3; i++) {
            String child = createRun(experimentId, "{\"key\":\"mlflow.parentRunId\",\"value\":\"" + parent + "\"}");
            post("runs/log-metric", "{\"run_id\":\"" + child + "\",\"key\":\"acc\",\"value\":0." + (i + 5)
                    + ",\"timestamp\":1}").statusCode(200);
        }

        String token = post("runs/search", "{\"experiment_ids\":[\"" + experimentId + "\"],\"filter\":"
                + "\"tags.mlflow.parentRunId = '" + parent + "'\",\"order_by\":[\"metrics.acc DESC\"],"
                + "\"max_results\":2}")
                .statusCode(200)
                .body("runs.data.metrics.flatten().value", contains(0.7f, 0.6f))
                .extract().path("next_page_token");
        post("runs/search", "{\"experiment_ids\":[\"" + experimentId + "\"],\"filter\":"
                + "\"tags.mlflow.parentRunId = '" + parent + "'\",\"order_by\":[\"metrics.acc DESC\"],"
                + "\"max_results\":2,\"page_token\":\"" + token + "\"}")
                .statusCode(200).body("runs", hasSize(1)).body("next_page_token", nullValue());
        given().queryParam("experiment_ids", experimentId).queryParam("experiment_ids", "0")
                .queryParam("filter", "metrics.acc > 0.55").get(API + "runs/search")
                .then().statusCode(200).body("runs", hasSize(2));
    }

    @Test
    void badInput_shouldAnswerMlflowErrors_andWriteNothing() {
        String runId = createRun(experiment(), null);

        post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"ok\",\"value\":1,"
                + "\"timestamp\":1},{\"key\":\"../evil\",\"value\":1,\"timestamp\":1}]}")
                .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("../evil"));
        post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"ok\",\"value\":\"abc\","
                + "\"timestamp\":1}]}")
                .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("metrics[0].value"));
        post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"ok\",\"value\":1}]}")
                .statusCode(400).body("message", containsString("metrics[0].timestamp"));
        post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"ok\",\"value\":1,")
                .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        post("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":42,\"value\":\"x\"}")
                .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        post("runs/log-parameter", "[1,2]").statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));

        given().queryParam("run_id", runId).get(API + "runs/get").then().statusCode(200)
                .body("run.data.metrics", empty()).body("run.data.params", empty());
    }

    @Test
    void oversizeBody_shouldAnswerLimitError_andWriteNothing() {
        String runId = createRun(experiment(), null);
        String huge = "x".repeat(1024 * 1024);

        post("runs/set-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"big\",\"value\":\"" + huge + "\"}")
                .statusCode(400).body("error_code", equalTo("RESOURCE_LIMIT_EXCEEDED"));

        given().queryParam("run_id", runId).get(API + "runs/get").then().statusCode(200)
                .body("run.data.tags.key", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("big")));
    }

    @Test
    void unknownIdsAndDuplicates_shouldAnswerTheirCodes() {
        given().queryParam("run_id", "00000000000000000000000000000000").get(API + "runs/get").then()
                .statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        given().queryParam("experiment_id", "424242").get(API + "experiments/get").then()
                .statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        given().queryParam("experiment_id", "../1").get(API + "experiments/get").then()
                .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        String name = unique("dup");
        post("experiments/create", "{\"name\":\"" + name + "\"}").statusCode(200);
        post("experiments/create", "{\"name\":\"" + name + "\"}").statusCode(400)
                .body("error_code", equalTo("RESOURCE_ALREADY_EXISTS"));
        post("experiments/create", "{}").statusCode(400)
                .body("message", equalTo("Missing value for required parameter 'name'."));
        given().get(API + "no/such/endpoint").then().statusCode(404)
                .body("error_code", equalTo("ENDPOINT_NOT_FOUND"));
    }

    @Test
    void paramChange_shouldBeRefused() {
        String runId = createRun(experiment(), null);
        post("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"lr\",\"value\":\"1\"}").statusCode(200);

        post("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"lr\",\"value\":\"1\"}").statusCode(200);
        post("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"lr\",\"value\":\"2\"}").statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    }

    @Test
    void bulkInterval_shouldReturnRunIds() {
        String a = createRun(experiment(), null);
        post("runs/log-batch", "{\"run_id\":\"" + a + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1,"
                + "\"step\":0},{\"key\":\"m\",\"value\":2,\"timestamp\":2,\"step\":5}]}").statusCode(200);

        given().queryParam("run_ids", a).queryParam("metric_key", "m").queryParam("max_results", 10)
                .get(API + "metrics/get-history-bulk-interval").then().statusCode(200)
                .body("metrics.step", contains(0, 5))
                .body("metrics[0].run_id", equalTo(a));
        given().queryParam("run_ids", a).queryParam("metric_key", "m").queryParam("start_step", 3)
                .get(API + "metrics/get-history-bulk-interval").then().statusCode(400);
    }

    @Test
    void artifacts_shouldUploadListDownloadAndDelete_throughTheProxy() {
        String experimentId = experiment();
        String runId = createRun(experimentId, null);
        String base = "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId + "/artifacts";

        given().body("hello".getBytes()).contentType("application/octet-stream").put(base + "/model/a.txt")
                .then().statusCode(200);
        given().body("{}".getBytes()).put(base + "/top.json").then().statusCode(200);

        assertThat(given().get(base + "/model/a.txt").then().statusCode(200).extract().asString())
                .isEqualTo("hello");
        given().queryParam("path", experimentId + "/" + runId + "/artifacts")
                .get("/api/2.0/mlflow-artifacts/artifacts").then().statusCode(200)
                .body("files.path", contains("model", "top.json"))
                .body("files.find { it.path == 'top.json' }.file_size", equalTo(2));
        given().queryParam("run_id", runId).queryParam("path", "model").get(API + "artifacts/list").then()
                .statusCode(200)
                .body("root_uri", equalTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts"))
                .body("files.path", contains("model/a.txt"))
                .body("files[0].file_size", equalTo(5));
        given().delete(base + "/model").then().statusCode(200);
        given().get(base + "/model/a.txt").then().statusCode(404)
                .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    }

    @Test
    void artifacts_shouldRefuseTraversal() {
        // Encoded slashes survive the router's normalisation and reach our own path check.
        given().urlEncodingEnabled(false).body("x".getBytes())
                .put("/api/2.0/mlflow-artifacts/artifacts/0/..%2F..%2Fescape.txt")
                .then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        given().urlEncodingEnabled(false).get("/api/2.0/mlflow-artifacts/artifacts/0/%2Fetc%2Fpasswd")
                .then().statusCode(404); // 0//etc/passwd: a relative path inside the tree, which holds no such file
        given().queryParam("path", "../..").get("/api/2.0/mlflow-artifacts/artifacts").then().statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        given().queryParam("run_id", createRun(experiment(), null)).queryParam("path", "../../..")
                .get(API + "artifacts/list").then().statusCode(400);
        // Dot segments as an attacker writes them: MlflowCompatibilityApiTest sends them unnormalised.
    }

    // ---- helpers

    private static ValidatableResponse post(String path, String json) {
        return given().contentType("application/json").body(json).post(API + path).then();
    }

    private static String experiment() {
        return post("experiments/create", "{\"name\":\"" + unique("e") + "\"}").statusCode(200)
                .extract().path("experiment_id");
    }

    private static String createRun(String experimentId, String tagJson) {
        String tags = tagJson == null ? "" : ",\"tags\":[" + tagJson + "]";
        return post("runs/create", "{\"experiment_id\":\"" + experimentId + "\",\"start_time\":"
                + System.currentTimeMillis() + tags + "}")
                .statusCode(200).body("run.info.run_id", notNullValue()).extract().path("run.info.run_id");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package dev.mlops.server;

import static dev.mlops.server.ApiCalls.API;
import static dev.mlops.server.ApiCalls.createRun;
import static dev.mlops.server.ApiCalls.experiment;
import static dev.mlops.server.ApiCalls.post;
import static dev.mlops.server.ApiCalls.send;
import static dev.mlops.server.ApiCalls.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviours MLflow's own server tests (tests/tracking/test_rest_tracking.py) expect, over real HTTP on the
 * local backend: MLflow's wording for bad requests, a new run and a new version per call, the routes the UI uses,
 * logged-model links, and hostile input refused with a JSON 4xx that names no server path.
 */
@QuarkusTest
class MlflowCompatibilityApiTest {

    private static final String AJAX = "/ajax-api/2.0/mlflow/";
    private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts/";

    @Test
    void wrongTypes_shouldAnswerMlflowsWords_andNoJavaInternals() {
        String runId = createRun(experiment());

        post("experiments/create", "{\"name\":123}").statusCode(400)
                .body("message", startsWith("Invalid value 123 for parameter 'name' supplied."));
        post("experiments/create", "{\"name\":\"n\",\"artifact_location\":9.0}").statusCode(400)
                .body("message", startsWith("Invalid value 9.0 for parameter 'artifact_location' supplied."));
        post("experiments/create", "{\"name\":\"n\",\"tags\":\"5\"}").statusCode(400)
                .body("message", startsWith("Invalid value \"5\" for parameter 'tags' supplied."));
        post("runs/log-metric", "{\"run_id\":31,\"key\":\"m\",\"value\":1,\"timestamp\":1}").statusCode(400)
                .body("message", startsWith("Invalid value 31 for parameter 'run_id' supplied"));
        post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":1,\"timestamp\":1,"
                + "\"step\":\"foo\"}").statusCode(400)
                .body("message", startsWith("Invalid value \"foo\" for parameter 'step' supplied"));
        post("runs/log-metric", "{\"run_id\":null,\"key\":\"m\",\"value\":1,\"timestamp\":1}").statusCode(400)
                .body("message", equalTo("Missing value for required parameter 'run_id'."));
        post("runs/set-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":41}").statusCode(400)
                .body("message", startsWith("Invalid value 41 for parameter 'value' supplied"));
        post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"params\":\"foo\"}").statusCode(400)
                .body("message", startsWith("Invalid value \"foo\" for parameter 'params' supplied"));
        post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":").statusCode(400)
                .body("message", startsWith("Malformed JSON in the request body (line 1, column "));
        given().queryParam("run_ids", runId).queryParam("metric_key", "m").queryParam("max_results", "abc")
                .get(API + "metrics/get-history-bulk-interval").then().statusCode(400)
                .body("message", startsWith("Invalid value \"abc\" for parameter 'max_results' supplied"));

        for (String body : List.of("{\"name\":123}", "{\"name\":[1]}", "{\"name\":{\"a\":1}}", "[]", "\"x\"")) {
            post("experiments/create", body).statusCode(400)
                    .body("message", not(containsString("java.")))
                    .body("message", not(containsString("Cannot coerce")))
                    .body("message", not(containsString("Exception")));
        }
    }

    @Test
    void createRun_shouldMakeANewRunPerCall_unlessAnIdempotencyKeyRepeats() {
        String exp = experiment();
        String body = "{\"experiment_id\":\"" + exp + "\",\"start_time\":1}";

        String a = post("runs/create", body).statusCode(200).extract().path("run.info.run_id");
        String b = post("runs/create", body).statusCode(200).extract().path("run.info.run_id");
        String keyed = given().contentType("application/json").header("Idempotency-Key", "job-1").body(body)
                .post(API + "runs/create").then().statusCode(200).extract().path("run.info.run_id");
        String retried = given().contentType("application/json").header("Idempotency-Key", "job-1").body(body)
                .post(API + "runs/create").then().statusCode(200).extract().path("run.info.run_id");

        assertThat(List.of(a, b, keyed)).doesNotHaveDuplicates();
        assertThat(retried).isEqualTo(keyed);
        post("runs/search", "{\"experiment_ids\":[\"" + exp + "\"]}").statusCode(200).body("runs", hasSize(3));
    }

    @Test
    void createRun_shouldRefuseAnEmptyBody_andFileNothingInDefault() {
        int before = post("runs/search", "{\"experiment_ids\":[\"0\"],\"max_results\":50000}").statusCode(200)
                .extract().jsonPath().getList("runs").size();

        given().contentType("application/json").post(API + "runs/create").then().statusCode(400)
                .body("message", equalTo("Missing value for required parameter 'experiment_id'."));
        post("runs/create", "{}").statusCode(400);

        post("runs/search", "{\"experiment_ids\":[\"0\"],\"max_results\":50000}").statusCode(200)
                .body("runs", hasSize(before));
    }

    @Test
    void experimentsAndParams_shouldFollowMlflow() {
        String name = unique("rel");
        String id = post("experiments/create", "{\"name\":\"" + name + "\",\"artifact_location\":\"my_location\"}")
                .statusCode(200).extract().path("experiment_id");
        String runId = createRun(experiment());

        given().queryParam("experiment_id", id).get(API + "experiments/get").then().statusCode(200)
                .body("experiment.artifact_location",
                        equalTo(Path.of("").toAbsolutePath().resolve("my_location").toString()));
        post("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"empty\",\"value\":\"\"}")
                .statusCode(200);
        given().queryParam("run_id", runId).get(API + "runs/get").then().statusCode(200)
                .body("run.data.params.find { it.key == 'empty' }.value", equalTo(""));
    }

    @Test
    void hostileKeysAndTimestamps_shouldBeRefused_andWriteNothing() {
        String runId = createRun(experiment());

        for (String key : List.of("a//b", "a/./b", "a/", "/abs", "a/../b")) {
            post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"" + key + "\",\"value\":1,"
                    + "\"timestamp\":1}").statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
            post("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"" + key + "\",\"value\":\"v\"}")
                    .statusCode(400);
            post("runs/set-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"" + key + "\",\"value\":\"v\"}")
                    .statusCode(400);
        }
        post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":1,\"timestamp\":-1}")
                .statusCode(400).body("message", containsString("Timestamp must be a nonnegative long"));

        given().queryParam("run_id", runId).get(API + "runs/get").then().statusCode(200)
                .body("run.data.metrics", hasSize(0)).body("run.data.params", hasSize(0))
                .body("run.data.tags.key", contains("mlflow.runName"));
    }

    @Test
    void hostileArtifactPaths_shouldAnswerJson4xx_andStoreNothing() throws Exception {
        String base = PROXY + "0/" + UUID.randomUUID().toString().replace("-", "") + "/artifacts/";
        given().body("x".getBytes()).put(base + "a.txt").then().statusCode(200);

        for (String path : List.of(PROXY + "/tmp/x", PROXY + "0/a/%2E%2E/%2E%2E/%2E%2E/escape.txt",
                PROXY + "0/a/../../../escape.txt", PROXY + "0/a/%252e%252e/x")) {
            RawHttp.Answer answer = RawHttp.send("PUT", path, "x");
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.body()).as(path).contains("\"Invalid path\"");
        }
        given().body("x".getBytes()).put(base + "a.txt/below").then().statusCode(400)
                .body("message", startsWith("Invalid path: "));
        given().body("x".getBytes()).put(base + "n".repeat(300)).then().statusCode(400)
                .body("message", startsWith("Invalid path: "));
        given().urlEncodingEnabled(false).get(base + "d/".repeat(5000) + "f").then().statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        given().queryParam("run_id", createRun(experiment())).queryParam("path", "../path")
                .get(API + "artifacts/list").then().statusCode(400).body("message", equalTo("Invalid path"));
        // the path is checked before the version is looked up, also on the doubled slash MLflow's own test sends
        RawHttp.Answer version = RawHttp.send("GET", "//model-versions/get-artifact?name=absent&version=1&path=..%2Fpath",
                null);
        assertThat(version.status()).isEqualTo(400);
        assertThat(version.body()).contains("\"Invalid path\"");

        given().queryParam("path", "tmp").get(PROXY.substring(0, PROXY.length() - 1)).then().statusCode(200)
                .body("files", hasSize(0));
    }

    @Test
    void errors_shouldNameNoServerDirectory() {
        String dataDir = Path.of("target/test-data").toAbsolutePath().toString();
        String cwd = Path.of("").toAbsolutePath().toString();
        String base = PROXY + "0/" + UUID.randomUUID().toString().replace("-", "") + "/artifacts/";
        given().body("x".getBytes()).put(base + "file").then().statusCode(200);

        String relative = post("experiments/create", "{\"name\":\"" + unique("rel") + "\",\"artifact_location\":"
                + "\"elsewhere\"}").statusCode(200).extract().path("experiment_id");
        String runElsewhere = createRun(relative);

        given().queryParam("run_id", runElsewhere).get(API + "artifacts/list").then().statusCode(400)
                .body("message", containsString("<server-dir>/elsewhere/" + runElsewhere))
                .body("message", not(containsString(cwd)));
        for (ValidatableResponse answer : List.of(
                given().body("x".getBytes()).put(base + "file/x").then(),
                given().get(base + "missing").then(),
                post("experiments/create", "{\"name\":\"" + unique("loc") + "\",\"artifact_location\":\"runs:/x\"}"),
                given().queryParam("run_id", createRun(experiment())).queryParam("path", "/etc")
                        .get(API + "artifacts/list").then())) {
            String body = answer.extract().asString();
            assertThat(answer.extract().statusCode()).isBetween(400, 499);
            assertThat(body).doesNotContain(dataDir).doesNotContain(cwd);
        }
    }

    @Test
    void uiRoutes_shouldAnswerAsMlflowsServerDoes() {
        String exp = experiment();
        String a = createRun(exp);
        String b = createRun(exp);
        for (String run : List.of(a, b)) {
            post("runs/log-batch", "{\"run_id\":\"" + run + "\",\"metrics\":["
                    + "{\"key\":\"m\",\"value\":2,\"timestamp\":2,\"step\":3},"
                    + "{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":7}]}").statusCode(200);
        }
        post("runs/log-inputs", "{\"run_id\":\"" + a + "\",\"datasets\":[{\"tags\":[{\"key\":"
                + "\"mlflow.data.context\",\"value\":\"training\"}],\"dataset\":{\"name\":\"iris\",\"digest\":"
                + "\"d1\",\"source_type\":\"local\",\"source\":\"{}\"}}]}").statusCode(200);

        List<String> sorted = a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a);
        given().queryParam("run_id", b).queryParam("run_id", a).queryParam("metric_key", "m")
                .get(AJAX + "metrics/get-history-bulk").then().statusCode(200)
                .body("metrics.run_id", contains(sorted.get(0), sorted.get(0), sorted.get(1), sorted.get(1)))
                .body("metrics.timestamp", contains(1, 2, 1, 2));
        given().queryParam("metric_key", "m").get(AJAX + "metrics/get-history-bulk").then().statusCode(400)
                .body("message", equalTo("GetMetricHistoryBulk request must specify at least one run_id."));
        given().contentType("application/json").body("{\"experiment_ids\":[\"" + exp + "\"]}")
                .post(AJAX + "experiments/search-datasets").then().statusCode(200)
                .body("dataset_summaries[0].name", equalTo("iris"))
                .body("dataset_summaries[0].context", equalTo("training"))
                .body("dataset_summaries[0].experiment_id", equalTo(exp));
        given().contentType("application/json").body("{}").post(AJAX + "experiments/search-datasets").then()
                .statusCode(400)
                .body("message", equalTo("SearchDatasets request must specify at least one experiment_id."));

        given().queryParam("run_uuid", a).queryParam("path", "notes/hello.txt").body("hello world")
                .post(AJAX + "upload-artifact").then().statusCode(200);
        given().queryParam("run_id", a).queryParam("path", "notes").get(API + "artifacts/list").then()
                .statusCode(200).body("files.path", contains("notes/hello.txt"));
        given().queryParam("run_uuid", a).queryParam("path", "../x").body("x").post(AJAX + "upload-artifact")
                .then().statusCode(400).body("message", equalTo("Invalid path"));
        given().queryParam("run_uuid", a).queryParam("path", "empty.txt").post(AJAX + "upload-artifact")
                .then().statusCode(400).body("message", equalTo("Request must specify data."));
    }

    @Test
    void loggedModels_shouldKeepMetricsOutputsAndServeTheirFiles() {
        String exp = experiment();
        String runId = createRun(exp);
        String model = send("POST", "logged-models", "{\"experiment_id\":\"" + exp + "\",\"name\":\"clf\"}")
                .statusCode(200).extract().path("model.info.model_id");
        String plain = send("POST", "logged-models", "{\"experiment_id\":\"" + exp + "\",\"name\":\"plain\"}")
                .statusCode(200).extract().path("model.info.model_id");

        post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"acc\",\"value\":0.5,\"timestamp\":123,"
                + "\"step\":1,\"model_id\":\"" + model + "\",\"dataset_name\":\"eval\",\"dataset_digest\":\"d1\"}")
                .statusCode(200);
        post("runs/outputs", "{\"run_id\":\"" + runId + "\",\"models\":[{\"model_id\":\"" + model + "\","
                + "\"step\":1}]}").statusCode(200);
        given().body("flavors: {}".getBytes()).put("/api/2.0/mlflow-artifacts/artifacts/" + exp + "/models/" + model
                + "/artifacts/MLmodel").then().statusCode(200);

        send("GET", "logged-models/" + model, null).statusCode(200)
                .body("model.data.metrics[0].key", equalTo("acc"))
                .body("model.data.metrics[0].dataset_name", equalTo("eval"))
                .body("model.data.metrics[0].run_id", equalTo(runId))
                .body("model.data.metrics[0].model_id", equalTo(model));
        given().queryParam("run_id", runId).get(API + "runs/get").then().statusCode(200)
                .body("run.outputs.model_outputs[0].model_id", equalTo(model))
                .body("run.outputs.model_outputs[0].step", equalTo(1));
        send("POST", "logged-models/search", "{\"experiment_ids\":[\"" + exp + "\"],\"datasets\":[{"
                + "\"dataset_name\":\"eval\",\"dataset_digest\":\"d1\"}]}").statusCode(200)
                .body("models.info.model_id", contains(model));
        assertThat(plain).isNotEqualTo(model);
        given().queryParam("artifact_file_path", "MLmodel").get(AJAX + "logged-models/" + model + "/artifacts/files")
                .then().statusCode(200).header("X-Content-Type-Options", "nosniff")
                .contentType(startsWith("text/plain")).body(equalTo("flavors: {}"));
        given().get(AJAX + "logged-models/" + model + "/artifacts/files").then().statusCode(400)
                .body("error_code", equalTo("BAD_REQUEST"));
    }
}

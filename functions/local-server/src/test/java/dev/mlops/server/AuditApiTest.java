package dev.mlops.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every state-changing endpoint of tracking, logged models, artifacts and the registry leaves exactly one audit entry
 * naming MLflow's action and the resource, refused calls carry their error code, and no entry holds a value that
 * was sent (params, tags, bodies, secrets). Each call sends its own X-Request-Id, so entries map back to calls.
 */
@QuarkusTest
class AuditApiTest {

    private static final String API = "/api/2.0/mlflow/";
    private static final String SECRET = "sekret-" + UUID.randomUUID();

    private final String user = "auditor-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Expected> expected = new HashMap<>();

    private record Expected(String action, String resource, String outcome) {
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyStateChangingCall_shouldLeaveExactlyOneEntry_withItsActionResourceAndOutcome() throws Exception {
        String exp = call("POST", "experiments/create", "{\"name\":\"" + UUID.randomUUID() + "\"}",
                "CreateExperiment", null, "ok").path("experiment_id");
        String e = "experiment/" + exp;
        call("POST", "experiments/update", "{\"experiment_id\":\"" + exp + "\",\"new_name\":\"x" + UUID.randomUUID()
                + "\"}", "UpdateExperiment", e, "ok");
        call("POST", "experiments/set-experiment-tag", "{\"experiment_id\":\"" + exp + "\",\"key\":\"k\",\"value\":\""
                + SECRET + "\"}", "SetExperimentTag", e, "ok");
        call("POST", "experiments/delete-experiment-tag", "{\"experiment_id\":\"" + exp + "\",\"key\":\"k\"}",
                "DeleteExperimentTag", e, "ok");
        String run = call("POST", "runs/create", "{\"experiment_id\":\"" + exp + "\"}", "CreateRun", e, "ok")
                .path("run.info.run_id");
        String r = "run/" + run;
        call("POST", "runs/log-parameter", "{\"run_id\":\"" + run + "\",\"key\":\"pw\",\"value\":\"" + SECRET
                + "\"}", "LogParam", r, "ok");
        call("POST", "runs/log-parameter", "{\"run_id\":\"" + run + "\",\"key\":\"pw\",\"value\":\"other\"}",
                "LogParam", r, "INVALID_PARAMETER_VALUE");
        call("POST", "runs/log-metric", "{\"run_id\":\"" + run + "\",\"key\":\"m\",\"value\":1,\"timestamp\":1}",
                "LogMetric", r, "ok");
        call("POST", "runs/set-tag", "{\"run_id\":\"" + run + "\",\"key\":\"t\",\"value\":\"" + SECRET + "\"}",
                "SetTag", r, "ok");
        call("POST", "runs/delete-tag", "{\"run_id\":\"" + run + "\",\"key\":\"t\"}", "DeleteTag", r, "ok");
        call("POST", "runs/log-batch", "{\"run_id\":\"" + run + "\",\"params\":[{\"key\":\"p2\",\"value\":\""
                + SECRET + "\"}],\"tags\":[{\"key\":\"t2\",\"value\":\"" + SECRET + "\"}]}", "LogBatch", r, "ok");
        call("POST", "runs/log-inputs", "{\"run_id\":\"" + run + "\",\"datasets\":[]}", "LogInputs", r, "ok");
        call("POST", "runs/update", "{\"run_id\":\"" + run + "\",\"status\":\"FINISHED\"}", "UpdateRun", r, "ok");
        call("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run + "/artifacts/a.txt", SECRET,
                "UploadArtifact", "artifact/" + exp + "/" + run + "/artifacts/a.txt", "ok");
        call("DELETE", "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run + "/artifacts/a.txt", null,
                "DeleteArtifact", "artifact/" + exp + "/" + run + "/artifacts/a.txt", "ok");
        String model = call("POST", "logged-models", "{\"experiment_id\":\"" + exp + "\",\"name\":\"clf\"}",
                "CreateLoggedModel", e, "ok").path("model.info.model_id");
        String lm = "logged_model/" + model;
        call("POST", "logged-models/" + model + "/params", "{\"params\":[{\"key\":\"d\",\"value\":\"" + SECRET
                + "\"}]}", "LogLoggedModelParams", lm, "ok");
        call("PATCH", "logged-models/" + model + "/tags", "{\"tags\":[{\"key\":\"s\",\"value\":\"" + SECRET
                + "\"}]}", "SetLoggedModelTags", lm, "ok");
        call("DELETE", "logged-models/" + model + "/tags/s", null, "DeleteLoggedModelTag", lm, "ok");
        call("PATCH", "logged-models/" + model, "{\"model_id\":\"" + model + "\",\"status\":\"LOGGED_MODEL_READY\"}",
                "FinalizeLoggedModel", lm, "ok");
        call("POST", "runs/outputs", "{\"run_id\":\"" + run + "\",\"models\":[{\"model_id\":\"" + model + "\"}]}",
                "LogOutputs", r, "ok");
        call("DELETE", "logged-models/" + model, null, "DeleteLoggedModel", lm, "ok");
        call("POST", "runs/delete", "{\"run_id\":\"" + run + "\"}", "DeleteRun", r, "ok");
        call("POST", "runs/restore", "{\"run_id\":\"" + run + "\"}", "RestoreRun", r, "ok");
        call("POST", "experiments/delete", "{\"experiment_id\":\"" + exp + "\"}", "DeleteExperiment", e, "ok");
        call("POST", "experiments/restore", "{\"experiment_id\":\"" + exp + "\"}", "RestoreExperiment", e, "ok");
        call("POST", "runs/log-parameter", "{\"run_id\":\"missing\",\"key\":\"k\",\"value\":\"" + SECRET + "\"}",
                "LogParam", "run/missing", "RESOURCE_DOES_NOT_EXIST");

        String name = "audited-" + UUID.randomUUID();
        String rm = "registered_model/" + name;
        call("POST", "registered-models/create", "{\"name\":\"" + name + "\",\"tags\":[{\"key\":\"k\",\"value\":\""
                + SECRET + "\"}]}", "CreateRegisteredModel", rm, "ok");
        call("PATCH", "registered-models/update", "{\"name\":\"" + name + "\",\"description\":\"" + SECRET + "\"}",
                "UpdateRegisteredModel", rm, "ok");
        call("POST", "registered-models/set-tag", "{\"name\":\"" + name + "\",\"key\":\"a\",\"value\":\"" + SECRET
                + "\"}", "SetRegisteredModelTag", rm, "ok");
        call("DELETE", "registered-models/delete-tag", "{\"name\":\"" + name + "\",\"key\":\"a\"}",
                "DeleteRegisteredModelTag", rm, "ok");
        call("POST", "model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"s3://b/m\",\"tags\":[{\"key\":"
                + "\"v\",\"value\":\"" + SECRET + "\"}]}", "CreateModelVersion", "model_version/" + name + "/1", "ok");
        String mv = "model_version/" + name + "/1";
        call("PATCH", "model-versions/update", "{\"name\":\"" + name + "\",\"version\":\"1\",\"description\":\"d\"}",
                "UpdateModelVersion", mv, "ok");
        call("POST", "model-versions/set-tag", "{\"name\":\"" + name + "\",\"version\":\"1\",\"key\":\"x\","
                + "\"value\":\"" + SECRET + "\"}", "SetModelVersionTag", mv, "ok");
        call("DELETE", "model-versions/delete-tag", "{\"name\":\"" + name + "\",\"version\":\"1\",\"key\":\"x\"}",
                "DeleteModelVersionTag", mv, "ok");
        call("POST", "model-versions/transition-stage", "{\"name\":\"" + name + "\",\"version\":\"1\",\"stage\":"
                + "\"Staging\",\"archive_existing_versions\":false}", "TransitionModelVersionStage", mv, "ok");
        call("POST", "registered-models/alias", "{\"name\":\"" + name + "\",\"alias\":\"champ\",\"version\":\"1\"}",
                "SetRegisteredModelAlias", "alias/" + name + "@champ", "ok");
        call("DELETE", "registered-models/alias", "{\"name\":\"" + name + "\",\"alias\":\"champ\"}",
                "DeleteRegisteredModelAlias", rm, "ok");
        call("POST", "registered-models/rename", "{\"name\":\"" + name + "\",\"new_name\":\"" + name + "-2\"}",
                "RenameRegisteredModel", "registered_model/" + name + "-2", "ok");
        call("DELETE", "model-versions/delete", "{\"name\":\"" + name + "-2\",\"version\":\"1\"}",
                "DeleteModelVersion", "model_version/" + name + "-2/1", "ok");
        call("DELETE", "registered-models/delete", "{\"name\":\"" + name + "-2\"}", "DeleteRegisteredModel",
                "registered_model/" + name + "-2", "ok");

        String hook = call("POST", "webhooks", "{\"name\":\"audited\",\"url\":\"https://8.8.8.8/hook\",\"events\":"
                + "[{\"entity\":\"PROMPT\",\"action\":\"CREATED\"}],\"secret\":\"" + SECRET + "\"}", "CreateWebhook",
                null, "ok").path("webhook.webhook_id");
        call("PATCH", "webhooks/" + hook, "{\"description\":\"d\"}", "UpdateWebhook", "webhook/" + hook, "ok");
        call("POST", "webhooks/missing/test", "{}", "TestWebhook", "webhook/missing", "RESOURCE_DOES_NOT_EXIST");
        call("DELETE", "webhooks/" + hook, null, "DeleteWebhook", "webhook/" + hook, "ok");
        call("POST", "webhooks", "{\"name\":\"ssrf\",\"url\":\"https://169.254.169.254/\",\"events\":[{\"entity\":"
                + "\"PROMPT\",\"action\":\"CREATED\"}]}", "CreateWebhook", null, "INVALID_PARAMETER_VALUE");

        List<Map<String, Object>> entries = entriesOf(user, expected.size());
        Map<String, List<Map<String, Object>>> byRequest = new HashMap<>();
        entries.forEach(entry -> byRequest.computeIfAbsent((String) entry.get("request_id"), k -> new ArrayList<>())
                .add(entry));
        assertThat(byRequest.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((requestId, want) -> {
            assertThat(byRequest.get(requestId)).as(want.action()).singleElement().satisfies(entry -> {
                assertThat(entry.get("action")).isEqualTo(want.action());
                assertThat(entry.get("outcome")).as(want.action()).isEqualTo(want.outcome());
                if (want.resource() != null) {
                    assertThat((List<Object>) entry.get("resources")).as(want.action()).contains(want.resource());
                }
            });
        });
        assertThat(entries.toString()).doesNotContain(SECRET);
    }

    @Test
    void reads_shouldLeaveNoEntry_andAnswersCarryTheRequestId() {
        String reader = "reader-" + UUID.randomUUID();
        given().auth().preemptive().basic(reader, "pw").contentType("application/json")
                .body("{\"experiment_ids\":[\"0\"]}").post(API + "runs/search").then().statusCode(200)
                .header("X-Request-Id", org.hamcrest.Matchers.notNullValue());
        given().auth().preemptive().basic(reader, "pw").get(API + "experiments/get?experiment_id=0").then()
                .statusCode(200);

        assertThat(given().queryParam("actor", reader).get("/api/2.0/mlops/audit/search").then().statusCode(200)
                .extract().<List<?>>path("entries")).isEmpty();
    }

    private Response call(String method, String path, String body, String action, String resource, String outcome) {
        String requestId = "req-" + UUID.randomUUID();
        var request = given().auth().preemptive().basic(user, SECRET).header("X-Request-Id", requestId)
                .contentType(method.equals("PUT") ? "application/octet-stream" : "application/json");
        if (body != null) {
            request = method.equals("PUT") ? request.body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    : request.body(body);
        }
        Response response = request.request(method, path.startsWith("/") ? path : API + path);
        assertThat(response.statusCode()).as(action + " " + path).isLessThan(outcome.equals("ok") ? 300 : 500);
        assertThat(response.header("X-Request-Id")).isEqualTo(requestId);
        expected.put(requestId, new Expected(action, resource, outcome));
        return response;
    }

    /** Pages through the actor's entries (two per page) until the expected number arrived. */
    private static List<Map<String, Object>> entriesOf(String actor, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Map<String, Object>> all;
        do {
            all = new ArrayList<>();
            String token = null;
            do {
                var request = given().queryParam("actor", actor).queryParam("max_results", 7);
                if (token != null) {
                    request = request.queryParam("page_token", token);
                }
                var page = request.get("/api/2.0/mlops/audit/search").then().statusCode(200).extract();
                all.addAll(page.<List<Map<String, Object>>>path("entries"));
                token = page.path("next_page_token");
            } while (token != null);
            if (all.size() < count) {
                Thread.sleep(50);
            }
        } while (all.size() < count && System.nanoTime() < deadline);
        return all;
    }
}

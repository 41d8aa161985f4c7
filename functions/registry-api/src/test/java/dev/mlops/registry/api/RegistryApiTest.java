package dev.mlops.registry.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The registry REST surface over real HTTP on the local backend, with the gates from the test
 * application.properties: Production needs accuracy >= 0.9 and tags.approved = 'true'; alias champion needs approval.
 */
@QuarkusTest
class RegistryApiTest {

    private static final String API = "/api/2.0/mlflow/";

    @Test
    void registeredModels_shouldSupportTheWholeLifecycle() {
        String name = unique("rm");
        post("registered-models/create", "{\"name\":\"" + name + "\",\"description\":\"d1\","
                + "\"tags\":[{\"key\":\"team\",\"value\":\"red\"}]}").statusCode(200)
                .body("registered_model.name", equalTo(name))
                .body("registered_model.description", equalTo("d1"))
                .body("registered_model.creation_timestamp", instanceOf(Long.class))
                .body("registered_model.tags[0].key", equalTo("team"))
                .body("registered_model.latest_versions", empty());
        given().queryParam("name", name).get(API + "registered-models/get").then().statusCode(200)
                .body("registered_model.tags[0].value", equalTo("red"));
        send("PATCH", "registered-models/update", "{\"name\":\"" + name + "\",\"description\":\"d2\"}")
                .statusCode(200).body("registered_model.description", equalTo("d2"));
        post("registered-models/set-tag", "{\"name\":\"" + name + "\",\"key\":\"stage\",\"value\":\"beta\"}")
                .statusCode(200);
        send("DELETE", "registered-models/delete-tag", "{\"name\":\"" + name + "\",\"key\":\"team\"}")
                .statusCode(200);
        post("registered-models/rename", "{\"name\":\"" + name + "\",\"new_name\":\"" + name + "-x\"}")
                .statusCode(200).body("registered_model.name", equalTo(name + "-x"))
                .body("registered_model.tags.key", contains("stage"));
        given().queryParam("name", name).get(API + "registered-models/get").then().statusCode(404)
                .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        send("DELETE", "registered-models/delete", "{\"name\":\"" + name + "-x\"}").statusCode(200);
        given().queryParam("name", name + "-x").get("/ajax-api/2.0/mlflow/registered-models/get").then()
                .statusCode(404);
    }

    @Test
    void registeredModels_shouldAnswerMlflowErrors() {
        String name = unique("err");
        post("registered-models/create", "{\"name\":\"" + name + "\"}").statusCode(200);

        post("registered-models/create", "{\"name\":\"" + name + "\"}").statusCode(400)
                .body("error_code", equalTo("RESOURCE_ALREADY_EXISTS"));
        post("registered-models/create", "{\"name\":\"\"}").statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", equalTo("Missing value for required parameter 'name'."));
        for (String bad : new String[] {" ", ".", "..", "a:b", "a/b"}) {
            post("registered-models/create", "{\"name\":\"" + bad + "\"}").statusCode(400)
                    .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
            given().queryParam("name", bad).get(API + "registered-models/get").then().statusCode(400);
        }
        post("model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"s3://b/m\"}").statusCode(200);
        post("model-versions/transition-stage", "{\"name\":\"" + name + "\",\"version\":\"1\","
                + "\"stage\":\"Staging \"}").statusCode(400)
                .body("message", containsString("Invalid Model Version stage: Staging ."));
        given().queryParam("name", name).queryParam("version", "1").get(API + "model-versions/get").then()
                .body("model_version.current_stage", equalTo("None"));
        post("registered-models/set-tag", "{\"name\":\"" + name + "\",\"key\":\"mlops.owner\",\"value\":\"x\"}")
                .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        given().queryParam("max_results", "5000").get(API + "registered-models/search").then().statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        given().queryParam("filter", "name = 'a' OR name = 'b'").get(API + "registered-models/search").then()
                .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    }

    @Test
    void search_shouldFilterOrderAndPage() {
        String prefix = unique("srch");
        for (String suffix : new String[] {"b", "a", "c"}) {
            post("registered-models/create", "{\"name\":\"" + prefix + suffix + "\",\"tags\":[{\"key\":\"t\","
                    + "\"value\":\"" + (suffix.equals("c") ? "no" : "yes") + "\"}]}").statusCode(200);
        }

        String token = given().queryParam("filter", "name LIKE '" + prefix + "%'").queryParam("max_results", 2)
                .get(API + "registered-models/search").then().statusCode(200)
                .body("registered_models.name", contains(prefix + "a", prefix + "b"))
                .extract().path("next_page_token");
        given().queryParam("filter", "name LIKE '" + prefix + "%'").queryParam("max_results", 2)
                .queryParam("page_token", token).get(API + "registered-models/search").then().statusCode(200)
                .body("registered_models.name", contains(prefix + "c"))
                .body("next_page_token", nullValue());
        given().queryParam("filter", "name LIKE '" + prefix + "%' AND tags.t = 'yes'")
                .queryParam("order_by", "name DESC").get(API + "registered-models/search").then().statusCode(200)
                .body("registered_models.name", contains(prefix + "b", prefix + "a"));
    }

    @Test
    void modelVersions_shouldRegisterFromRunArtifacts_withSeedsStagesTagsAndDownloadUri() {
        String name = unique("mv");
        String runId = runWithArtifact("0.95");
        post("registered-models/create", "{\"name\":\"" + name + "\"}").statusCode(200);

        post("model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"runs:/" + runId + "/model\","
                + "\"run_id\":\"" + runId + "\",\"description\":\"first\"}").statusCode(200)
                .body("model_version.version", equalTo("1"))
                .body("model_version.status", equalTo("READY"))
                .body("model_version.current_stage", equalTo("None"))
                .body("model_version.run_id", equalTo(runId))
                .body("model_version.creation_timestamp", instanceOf(Long.class))
                .body("model_version.tags.find { it.key == 'mlops.sha256' }.value", notNullValue())
                .body("model_version.tags.find { it.key == 'mlops.metric.accuracy' }.value", equalTo("0.95"))
                .body("model_version.tags.find { it.key == 'mlops.framework' }.value", equalTo("sklearn"))
                .body("model_version.tags.find { it.key == 'mlops.integrity' }.value", equalTo("verified"));
        given().queryParam("name", name).queryParam("version", "1").get(API + "model-versions/get").then()
                .statusCode(200).body("model_version.description", equalTo("first"));
        send("PATCH", "model-versions/update", "{\"name\":\"" + name + "\",\"version\":\"1\","
                + "\"description\":\"better\"}").statusCode(200).body("model_version.description", equalTo("better"));
        given().queryParam("name", name).queryParam("version", "1").get(API + "model-versions/get-download-uri")
                .then().statusCode(200).body("artifact_uri", containsString(runId + "/artifacts/model"));
        post("model-versions/set-tag", "{\"name\":\"" + name + "\",\"version\":\"1\",\"key\":\"approved\","
                + "\"value\":\"true\"}").statusCode(200);
        post("model-versions/set-tag", "{\"name\":\"" + name + "\",\"version\":\"1\",\"key\":\"mlops.sha256\","
                + "\"value\":\"forged\"}").statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        send("DELETE", "model-versions/delete-tag", "{\"name\":\"" + name + "\",\"version\":\"1\","
                + "\"key\":\"approved\"}").statusCode(200);

        post("model-versions/transition-stage", "{\"name\":\"" + name + "\",\"version\":\"1\",\"stage\":\"Staging\","
                + "\"archive_existing_versions\":false}").statusCode(200)
                .body("model_version.current_stage", equalTo("Staging"));
        given().queryParam("filter", "name = '" + name + "' AND tags.`mlops.framework` = 'sklearn'")
                .get(API + "model-versions/search").then().statusCode(200)
                .body("model_versions.version", contains("1"));
        post("registered-models/get-latest-versions", "{\"name\":\"" + name + "\",\"stages\":[\"Staging\"]}")
                .statusCode(200).body("model_versions.version", contains("1"));
        given().queryParam("name", name).queryParam("stages", "Production")
                .get(API + "registered-models/get-latest-versions").then().statusCode(200)
                .body("model_versions", empty());
        given().queryParam("name", name).queryParam("version", "2").get(API + "model-versions/get").then()
                .statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"))
                .body("message", equalTo("Model Version (name=" + name + ", version=2) not found"));
        send("DELETE", "model-versions/delete", "{\"name\":\"" + name + "\",\"version\":\"1\"}").statusCode(200);
        given().queryParam("name", name).queryParam("version", "1").get(API + "model-versions/get").then()
                .statusCode(404);
    }

    @Test
    void createVersion_shouldNumberEveryCall_andDedupeOnlyOnAnIdempotencyKey() {
        String name = unique("idem");
        post("registered-models/create", "{\"name\":\"" + name + "\"}").statusCode(200);
        String body = "{\"name\":\"" + name + "\",\"source\":\"s3://elsewhere/m\"}";

        post("model-versions/create", body).statusCode(200).body("model_version.version", equalTo("1"))
                .body("model_version.tags.find { it.key == 'mlops.integrity' }.value", equalTo("unverified"));
        post("model-versions/create", body).statusCode(200).body("model_version.version", equalTo("2"));
        given().contentType("application/json").header("Idempotency-Key", "k-" + name).body(body)
                .post(API + "model-versions/create").then().statusCode(200)
                .body("model_version.version", equalTo("3"));
        given().contentType("application/json").header("Idempotency-Key", "k-" + name).body(body)
                .post(API + "model-versions/create").then().statusCode(200)
                .body("model_version.version", equalTo("3"));
    }

    @Test
    void createVersion_shouldRefuseSourcesOnTheServersDisk_andRegisterNothing() {
        String name = unique("src");
        String runId = runWithArtifact("0.5");
        post("registered-models/create", "{\"name\":\"" + name + "\"}").statusCode(200);

        for (String source : new String[] {"/etc/passwd", "file:///etc/passwd", "../../etc/passwd",
            "runs:/" + runId + "/model", "mlflow-artifacts:/0/" + runId + "/artifacts/model",
            "s3://bucket/../../x", "http://attacker.example/model"}) {
            post("model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"" + source + "\"}")
                    .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
                    .body("message", containsString("source"));
        }
        post("model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"runs:/" + runId + "/model\","
                + "\"run_id\":\"0123456789abcdef\"}").statusCode(400)
                .body("message", containsString("The run_id request parameter must identify the resource"));
        given().queryParam("filter", "name = '" + name + "'").get(API + "model-versions/search").then()
                .statusCode(200).body("model_versions", empty());

        post("model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"runs:/0a1b2c/model\","
                + "\"run_id\":\"0a1b2c\"}").statusCode(200)
                .body("model_version.status", equalTo("READY"))
                .body("model_version.tags.find { it.key == 'mlops.integrity' }.value", equalTo("unverified"));
    }

    @Test
    void gatesAndAliases_shouldGuardPromotion() {
        String name = unique("gate");
        String runId = runWithArtifact("0.95");
        post("registered-models/create", "{\"name\":\"" + name + "\"}").statusCode(200);
        for (int i = 0; i < 2; i++) {
            post("model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"runs:/" + runId + "/model\","
                    + "\"run_id\":\"" + runId + "\",\"description\":\"v" + i + "\"}").statusCode(200);
        }

        post("model-versions/transition-stage", "{\"name\":\"" + name + "\",\"version\":\"1\","
                + "\"stage\":\"Production\",\"archive_existing_versions\":true}").statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("tags.approved = 'true'"));
        post("registered-models/alias", "{\"name\":\"" + name + "\",\"alias\":\"champion\",\"version\":\"1\"}")
                .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        for (String v : new String[] {"1", "2"}) {
            post("model-versions/set-tag", "{\"name\":\"" + name + "\",\"version\":\"" + v + "\",\"key\":\"approved\","
                    + "\"value\":\"true\"}").statusCode(200);
            post("model-versions/transition-stage", "{\"name\":\"" + name + "\",\"version\":\"" + v + "\","
                    + "\"stage\":\"Production\",\"archive_existing_versions\":true}").statusCode(200);
        }
        post("registered-models/alias", "{\"name\":\"" + name + "\",\"alias\":\"champion\",\"version\":\"2\"}")
                .statusCode(200);
        post("registered-models/alias", "{\"name\":\"" + name + "\",\"alias\":\"latest\",\"version\":\"2\"}")
                .statusCode(400).body("message", containsString("reserved"));

        given().queryParam("name", name).queryParam("alias", "champion").get(API + "registered-models/alias")
                .then().statusCode(200).body("model_version.version", equalTo("2"))
                .body("model_version.aliases", contains("champion"));
        given().queryParam("name", name).get(API + "registered-models/get").then().statusCode(200)
                .body("registered_model.aliases[0].alias", equalTo("champion"))
                .body("registered_model.aliases[0].version", equalTo("2"))
                .body("registered_model.latest_versions.current_stage", containsInAnyOrder("Production",
                        "Archived"));
        given().queryParam("name", name).queryParam("version", "1").get(API + "model-versions/get").then()
                .body("model_version.current_stage", equalTo("Archived"));
        send("DELETE", "registered-models/alias", "{\"name\":\"" + name + "\",\"alias\":\"champion\"}")
                .statusCode(200);
        given().queryParam("name", name).queryParam("alias", "champion").get(API + "registered-models/alias")
                .then().statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        given().queryParam("filter", "name = '" + name + "'").queryParam("order_by", "version_number ASC")
                .get(API + "model-versions/search").then().statusCode(200)
                .body("model_versions.version", contains("1", "2"))
                .body("model_versions", hasSize(2));
    }

    private static String runWithArtifact(String accuracy) {
        String runId = post("runs/create", "{\"experiment_id\":\"0\"}").statusCode(200).extract()
                .path("run.info.run_id");
        post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"accuracy\",\"value\":" + accuracy
                + ",\"timestamp\":1,\"step\":0}").statusCode(200);
        String mlmodel = "flavors:\n  python_function:\n    loader_module: mlflow.sklearn\n  sklearn:\n"
                + "    pickled_model: model.pkl\n";
        upload("0/" + runId + "/artifacts/model/MLmodel", mlmodel);
        upload("0/" + runId + "/artifacts/model/model.pkl", "weights");
        return runId;
    }

    private static void upload(String path, String content) {
        given().body(content).put("/api/2.0/mlflow-artifacts/artifacts/" + path).then().statusCode(200);
    }

    private static ValidatableResponse post(String path, String body) {
        return send("POST", path, body);
    }

    private static ValidatableResponse send(String method, String path, String body) {
        return given().contentType("application/json").body(body).request(method, API + path).then();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package dev.mlops.server.ui;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** What the UI tests set up over the REST API: experiments, runs and artifact files. */
final class UiFixtures {

    static final String API = "/api/2.0/mlflow/";

    private UiFixtures() {
    }

    static ValidatableResponse postJson(String path, String json) {
        return given().contentType("application/json").body(json).post(path).then();
    }

    static String newExperiment() {
        return postJson(API + "experiments/create", "{\"name\":\"ui-" + UUID.randomUUID() + "\"}").statusCode(200)
                .extract().path("experiment_id");
    }

    static String newRun(String experimentId, String runName) {
        return postJson(API + "runs/create", "{\"experiment_id\":\"" + experimentId + "\",\"run_name\":\"" + runName
                + "\"}").statusCode(200).extract().path("run.info.run_id");
    }

    /** Stores a file below the run's artifact root through the proxied artifact endpoint, as the client does. */
    static void putArtifact(String experimentId, String runId, String path, String content) {
        given().body(content.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .put("/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId + "/artifacts/" + path)
                .then().statusCode(200);
    }
}

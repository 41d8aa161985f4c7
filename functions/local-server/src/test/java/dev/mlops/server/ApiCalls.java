package dev.mlops.server;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** The calls the HTTP tests make over and over: JSON requests to the API and fresh experiments and runs. */
final class ApiCalls {

    static final String API = "/api/2.0/mlflow/";

    private ApiCalls() {
    }

    static ValidatableResponse send(String method, String path, String json) {
        var request = given().contentType("application/json");
        if (json != null) {
            request = request.body(json);
        }
        return request.request(method, API + path).then();
    }

    static ValidatableResponse post(String path, String json) {
        return send("POST", path, json);
    }

    static String experiment() {
        return post("experiments/create", "{\"name\":\"" + unique("e") + "\"}").statusCode(200)
                .extract().path("experiment_id");
    }

    static String createRun(String experimentId) {
        return post("runs/create", "{\"experiment_id\":\"" + experimentId + "\"}").statusCode(200)
                .extract().path("run.info.run_id");
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

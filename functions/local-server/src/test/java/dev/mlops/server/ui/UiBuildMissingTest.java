package dev.mlops.server.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server whose configured UI directory holds no build: {@code /} says how to get one, the API serves. */
@QuarkusTest
@TestProfile(UiBuildMissingTest.NoBuild.class)
class UiBuildMissingTest {

    @Test
    void shouldSayHowToGetTheUiAndStillServeTheApi() {
        given().get("/").then().statusCode(200).contentType("text/plain; charset=utf-8")
                .body(containsString("./mlops ui"));
        given().get("/static-files/static/js/main.0123abcd.js").then().statusCode(404);
        given().queryParam("experiment_id", "0").get("/api/2.0/mlflow/experiments/get").then().statusCode(200);
    }

    public static class NoBuild implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mlops.ui.dir", Path.of("target/no-ui-build").toAbsolutePath().toString());
        }
    }
}

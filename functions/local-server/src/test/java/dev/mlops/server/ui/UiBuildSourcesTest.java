package dev.mlops.server.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The UI build from a directory (what ./mlops serve passes), and a server with no build at all. */
class UiBuildSourcesTest {

    @Nested
    @QuarkusTest
    @TestProfile(FromDirectory.class)
    class Directory {

        @Test
        void shouldServeIndexAndFilesFromTheDirectory() {
            given().get("/").then().statusCode(200).body(containsString("test build"));
            given().get("/static-files/static/js/main.0123abcd.js").then().statusCode(200)
                    .header("Cache-Control", "public, max-age=31536000, immutable");
            given().urlEncodingEnabled(false).get("/static-files/%2e%2e/%2e%2e/application.properties").then()
                    .statusCode(404);
        }
    }

    @Nested
    @QuarkusTest
    @TestProfile(NoBuild.class)
    class Missing {

        @Test
        void shouldSayHowToGetTheUiAndStillServeTheApi() {
            given().get("/").then().statusCode(200).contentType("text/plain; charset=utf-8")
                    .body(containsString("./mlops ui"));
            given().get("/static-files/static/js/main.0123abcd.js").then().statusCode(404);
            given().queryParam("experiment_id", "0").get("/api/2.0/mlflow/experiments/get").then().statusCode(200);
        }
    }

    public static class FromDirectory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mlops.ui.dir", Path.of("target/test-classes/META-INF/mlflow-ui").toAbsolutePath().toString());
        }
    }

    public static class NoBuild implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mlops.ui.dir", Path.of("target/no-ui-build").toAbsolutePath().toString());
        }
    }
}

package dev.mlops.server.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The UI build from a directory, as ./mlops serve passes it ({@code mlops.ui.dir}). */
@QuarkusTest
@TestProfile(UiBuildFromDirectoryTest.FromDirectory.class)
class UiBuildFromDirectoryTest {

    @Test
    void shouldServeIndexAndFilesFromTheDirectory() {
        given().get("/").then().statusCode(200).body(containsString("test build"));
        given().get("/static-files/static/js/main.0123abcd.js").then().statusCode(200)
                .header("Cache-Control", "public, max-age=31536000, immutable");
        given().urlEncodingEnabled(false).get("/static-files/%2e%2e/%2e%2e/application.properties").then()
                .statusCode(404);
    }

    public static class FromDirectory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mlops.ui.dir",
                    Path.of("target/test-classes/META-INF/mlflow-ui").toAbsolutePath().toString());
        }
    }
}

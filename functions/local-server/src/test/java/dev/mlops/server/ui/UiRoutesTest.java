package dev.mlops.server.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The web UI's own routes: the build served from the classpath (this module's test resources carry a tiny one under
 * META-INF/mlflow-ui/) with its cache headers, and the small routes the UI calls on every page, answered as MLflow's
 * server answers with those features off.
 */
@QuarkusTest
class UiRoutesTest {

    @Test
    void root_shouldServeTheBuildsIndexRevalidatedOnEveryLoad() {
        given().get("/").then().statusCode(200)
                .contentType("text/html; charset=utf-8")
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("test build"));
    }

    @Test
    void staticFiles_shouldCacheHashedBundlesForAYearAndTheRestForAnHour() {
        given().get("/static-files/static/js/main.0123abcd.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("test bundle"));
        given().get("/static-files/manifest.json").then().statusCode(200)
                .header("Cache-Control", "public, max-age=3600");
        given().get("/static-files/static/js/missing.0123abcd.js").then().statusCode(404);
    }

    @Test
    void staticFiles_shouldNotLeaveTheBuild() {
        for (String path : new String[] {"/static-files/../application.properties",
                "/static-files/%2e%2e/%2e%2e/application.properties", "/static-files/..%2f..%2fapplication.properties",
                "/static-files/static/../../../../etc/passwd"}) {
            given().urlEncodingEnabled(false).get(path).then().statusCode(404);
        }
    }

    @Test
    void serverInfo_shouldDescribeAServerWithTheOptionalFeaturesOff() {
        for (String prefix : new String[] {"/ajax-api", "/api"}) {
            given().get(prefix + "/3.0/mlflow/server-info").then().statusCode(200)
                    .body("$", hasKey("store_type"))
                    .body("store_type", nullValue())
                    .body("workspaces_enabled", equalTo(false))
                    .body("multipart_uploads_enabled", equalTo(false))
                    .body("multipart_downloads_enabled", equalTo(false))
                    .body("features_enabled.gateway", equalTo(false));
        }
    }

    @Test
    void telemetryAssistantAndGateway_shouldAnswerAsMlflowWithTheFeaturesOff() {
        given().get("/ajax-api/3.0/mlflow/ui-telemetry").then().statusCode(200)
                .body("disable_ui_telemetry", equalTo(true))
                .body("disable_ui_events", empty())
                .body("ui_rollout_percentage", equalTo(0));
        given().contentType("application/json").body("{\"records\":[{\"event_name\":\"x\"}]}")
                .post("/ajax-api/3.0/mlflow/ui-telemetry").then().statusCode(200).body("status", equalTo("disabled"));
        given().get("/ajax-api/3.0/mlflow/assistant/config").then().statusCode(200)
                .body("providers", anEmptyMap()).body("projects", anEmptyMap())
                .body("remote_access_allowed", equalTo(false));
        given().get("/ajax-api/3.0/mlflow/assistant/providers").then().statusCode(200)
                .body("providers", empty()).body("$", hasKey("resolved")).body("resolved", nullValue());
        given().queryParam("gateway_path", "api/2.0/endpoints/").get("/ajax-api/2.0/mlflow/gateway-proxy").then()
                .statusCode(200).body("endpoints", empty());
        given().contentType("application/json").body("{\"gateway_path\":\"x\"}")
                .post("/ajax-api/2.0/mlflow/gateway-proxy").then().statusCode(200).body("endpoints", empty());
        // Only MLflow's basic-auth app has users/current; MLflow's server answers 404 without it, as we do.
        given().get("/ajax-api/2.0/mlflow/users/current").then().statusCode(404);
    }
}

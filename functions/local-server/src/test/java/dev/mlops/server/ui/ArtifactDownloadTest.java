package dev.mlops.server.ui;

import static dev.mlops.server.ui.UiFixtures.API;
import static dev.mlops.server.ui.UiFixtures.newExperiment;
import static dev.mlops.server.ui.UiFixtures.newRun;
import static dev.mlops.server.ui.UiFixtures.postJson;
import static dev.mlops.server.ui.UiFixtures.putArtifact;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The download routes the web UI uses (get-artifact, model-versions/get-artifact) and the proxied mlflow-artifacts
 * GET: MLflow's content types, never a type a browser renders, nosniff, attachment, and any Accept header.
 */
@QuarkusTest
class ArtifactDownloadTest {

    @Test
    void getArtifact_shouldServeEachTypeAsMlflowDoesButNeverAsRenderableMarkup() {
        String exp = newExperiment();
        String run = newRun(exp, "downloads");
        String[][] cases = {
                {"report.html", "text/plain"}, {"chart.svg", "text/plain"}, {"page.xhtml", "text/plain"},
                {"plot.png", "image/png"}, {"metrics.json", "text/plain"}, {"model/MLmodel", "text/plain"},
                {"weights.bin", "application/octet-stream"}, {"notes.txt", "text/plain"},
                {"train.py", "text/plain"}, {"doc.pdf", "application/pdf"}};
        for (String[] c : cases) {
            putArtifact(exp, run, c[0], "<b>" + c[0] + "</b>");
            String fileName = c[0].substring(c[0].lastIndexOf('/') + 1);
            given().header("Accept", "text/html").queryParam("path", c[0]).queryParam("run_uuid", run)
                    .get("/get-artifact").then().statusCode(200)
                    .header("Content-Type", equalTo(c[1]))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Disposition", "attachment; filename=" + fileName)
                    .header("Cache-Control", "no-cache")
                    .body(equalTo("<b>" + c[0] + "</b>"));
        }
        given().queryParam("path", "report.html").queryParam("run_id", run).get("/get-artifact").then()
                .statusCode(200);
    }

    @Test
    void proxiedDownload_shouldAnswerWhateverTheAcceptHeaderSays() {
        String exp = newExperiment();
        String run = newRun(exp, "proxied");
        putArtifact(exp, run, "index.html", "<script>alert(1)</script>");
        given().header("Accept", "text/html")
                .get("/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run + "/artifacts/index.html")
                .then().statusCode(200)
                .header("Content-Type", equalTo("text/plain"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment; filename=index.html");
    }

    @Test
    void getArtifact_shouldRefuseTraversalDirectoriesAndUnknownRuns() {
        String exp = newExperiment();
        String run = newRun(exp, "refusals");
        putArtifact(exp, run, "dir/file.txt", "x");
        for (String bad : new String[] {"../../../etc/passwd", "/etc/passwd", "dir/../../x"}) {
            given().queryParam("path", bad).queryParam("run_uuid", run).get("/get-artifact").then()
                    .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        }
        given().queryParam("path", "").queryParam("run_uuid", run).get("/get-artifact").then().statusCode(400);
        given().queryParam("path", "dir").queryParam("run_uuid", run).get("/get-artifact").then().statusCode(404)
                .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        given().queryParam("path", "dir/file.txt").queryParam("run_uuid", "0123456789abcdef0123456789abcdef")
                .get("/get-artifact").then().statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        given().queryParam("path", "dir/file.txt").get("/get-artifact").then().statusCode(400);
    }

    @Test
    void downloads_shouldCheckThePathBeforeLookingUpWhatItIsBelow() {
        // MLflow validates the path first: an unsafe one is "Invalid path" whether or not the run, version or model
        // exists (the doubled slash MLflow's test_path_validation sends: MlflowCompatibilityApiTest)
        String unknownRun = "0123456789abcdef0123456789abcdef";
        for (var request : new io.restassured.specification.RequestSpecification[] {
                given().queryParam("path", "../path").queryParam("run_id", unknownRun).basePath("/get-artifact"),
                given().queryParam("path", "../path").queryParam("name", "no-such-model").queryParam("version", "1")
                        .basePath("/model-versions/get-artifact"),
                given().queryParam("artifact_file_path", "../path")
                        .basePath("/ajax-api/2.0/mlflow/logged-models/m-0123456789abcdef/artifacts/files")}) {
            request.get().then().statusCode(400)
                    .body("error_code", equalTo("INVALID_PARAMETER_VALUE")).body("message", equalTo("Invalid path"));
        }
    }

    @Test
    void modelVersionArtifact_shouldReadBelowTheVersionsSource() {
        String exp = newExperiment();
        String run = newRun(exp, "registered");
        putArtifact(exp, run, "model/MLmodel", "flavors:\n  python_function: {}\n");
        String name = "ui-model-" + run.substring(0, 8);
        postJson(API + "registered-models/create", "{\"name\":\"" + name + "\"}").statusCode(200);
        postJson(API + "model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"runs:/" + run
                + "/model\",\"run_id\":\"" + run + "\"}").statusCode(200).body("model_version.version", equalTo("1"));

        given().header("Accept", "text/html").queryParam("path", "MLmodel").queryParam("name", name)
                .queryParam("version", "1").get("/model-versions/get-artifact").then().statusCode(200)
                .header("Content-Type", equalTo("text/plain"))
                .header("X-Content-Type-Options", "nosniff")
                .body(equalTo("flavors:\n  python_function: {}\n"));
        given().queryParam("path", "../MLmodel").queryParam("name", name).queryParam("version", "1")
                .get("/model-versions/get-artifact").then().statusCode(400);
        given().queryParam("path", "MLmodel").queryParam("name", name).queryParam("version", "9")
                .get("/model-versions/get-artifact").then().statusCode(404)
                .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    }
}

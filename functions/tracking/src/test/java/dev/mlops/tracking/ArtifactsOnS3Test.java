package dev.mlops.tracking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The artifact endpoints of the tracking function on S3: runs get s3:// artifact URIs, the proxied endpoints read and
 * write the same objects, and large artifacts move through presigned multipart uploads and presigned downloads.
 */
@QuarkusTest
@QuarkusTestResource(AwsBackendResource.class)
class ArtifactsOnS3Test {

    private static final String PROXY = "/api/2.0/mlflow-artifacts/";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void proxiedArtifacts_shouldRoundTripThroughS3() {
        String[] run = createRun();
        String base = run[0] + "/" + run[1] + "/artifacts";

        given().body("weights".getBytes()).contentType("application/octet-stream")
                .put(PROXY + "artifacts/" + base + "/model/w.bin").then().statusCode(200);

        assertThat(given().get(PROXY + "artifacts/" + base + "/model/w.bin").then().statusCode(200)
                .extract().asString()).isEqualTo("weights");
        given().queryParam("path", base).get(PROXY + "artifacts").then().statusCode(200)
                .body("files.path", contains("model"));
        given().queryParam("run_id", run[1]).queryParam("path", "model").get("/api/2.0/mlflow/artifacts/list")
                .then().statusCode(200)
                .body("root_uri", startsWith("s3://"))
                .body("files.path", contains("model/w.bin"))
                .body("files[0].file_size", equalTo(7));
    }

    @Test
    void multipartUpload_shouldGoStraightToS3_andPresignedDownloadShouldReadItBack() throws Exception {
        String[] run = createRun();
        String path = run[0] + "/" + run[1] + "/artifacts/big/model.bin";
        byte[] part1 = "a".repeat(5 * 1024 * 1024).getBytes(StandardCharsets.UTF_8);
        byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);

        var created = given().contentType("application/json").body("{\"path\":\"" + path + "\",\"num_parts\":2}")
                .post(PROXY + "mpu/create/" + path).then().statusCode(200)
                .body("credentials", hasSize(2)).extract();
        String uploadId = created.path("upload_id");
        List<Map<String, Object>> credentials = created.path("credentials");
        String etag1 = putPart(credentials.get(0), part1);
        String etag2 = putPart(credentials.get(1), part2);
        given().contentType("application/json").body("{\"path\":\"" + path + "\",\"upload_id\":\"" + uploadId
                        + "\",\"parts\":[{\"part_number\":1,\"etag\":" + quoted(etag1) + "},{\"part_number\":2,"
                        + "\"etag\":" + quoted(etag2) + "}]}")
                .post(PROXY + "mpu/complete/" + path).then().statusCode(200);

        String url = given().get(PROXY + "presigned/" + path).then().statusCode(200).extract().path("url");
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).hasSize(part1.length + part2.length);
        assertThat(new String(download.body(), part1.length, part2.length, StandardCharsets.UTF_8)).isEqualTo("tail");
    }

    @Test
    void multipartCreate_shouldRefuseBadInput() {
        given().contentType("application/json").body("{\"num_parts\":0}").post(PROXY + "mpu/create/0/x/artifacts/f")
                .then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        given().urlEncodingEnabled(false).contentType("application/json").body("{\"num_parts\":1}")
                .post(PROXY + "mpu/create/0/..%2F..%2Fescape").then().statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    }

    private String putPart(Map<String, Object> credential, byte[] bytes) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create((String) credential.get("url")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("ETag").orElseThrow();
    }

    private static String quoted(String etag) {
        return "\"" + etag.replace("\"", "\\\"") + "\"";
    }

    private static String[] createRun() {
        String experimentId = given().contentType("application/json")
                .body("{\"name\":\"s3-" + UUID.randomUUID() + "\"}")
                .post("/api/2.0/mlflow/experiments/create").then().statusCode(200).extract().path("experiment_id");
        String runId = given().contentType("application/json").body("{\"experiment_id\":\"" + experimentId + "\"}")
                .post("/api/2.0/mlflow/runs/create").then().statusCode(200)
                .body("run.info.artifact_uri", startsWith("s3://"))
                .extract().path("run.info.run_id");
        return new String[] {experimentId, runId};
    }
}

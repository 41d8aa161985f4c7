package dev.mlops.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The operator's view of ./mlops serve: MLflow's /health and /version, SmallRye Health probes with a full disk
 * simulated through the disk-space port, and the Prometheus counters after a known workload.
 */
@QuarkusTest
@TestProfile(OpsEndpointsTest.Profile.class)
class OpsEndpointsTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mlops.registry.gates", "Production: tags.approved = 'true'");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SimulatedDisk.class);
        }
    }

    private static final String API = "/api/2.0/mlflow/";

    @Test
    void mlflowProbes_shouldAnswerAsMlflowServerDoes() {
        given().get("/health").then().statusCode(200).contentType(startsWith("text/html")).body(equalTo("OK"));
        given().get("/version").then().statusCode(200).contentType(startsWith("text/html")).body(equalTo("3.17.2"));
    }

    @Test
    void healthProbes_shouldBeUp_andNameEveryReadinessCheck() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", containsInAnyOrder("storage", "lake", "disk", "memory", "events"))
                .body("checks.find { it.name == 'storage' }.data.writable", equalTo(true));
    }

    @Test
    void readiness_shouldWarnOnANearlyFullDisk_andGoDownOnAFullOne() {
        try {
            SimulatedDisk.free = 8L << 30;
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'disk' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'disk' }.data.level", equalTo("WARNING"))
                    .body("checks.find { it.name == 'disk' }.data.used_percent", equalTo("92.0"));

            SimulatedDisk.free = 1L << 30;
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'disk' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'disk' }.data.message", startsWith("99.0% of the volume is used"))
                    .body("checks.find { it.name == 'storage' }.status", equalTo("UP"));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            SimulatedDisk.free = -1;
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void prometheus_shouldCountAKnownWorkload() {
        Map<String, Double> before = scrape();
        String experiment = post("experiments/create", "{\"name\":\"ops-" + UUID.randomUUID() + "\"}", 200)
                .get("experiment_id");
        String run = post("runs/create", "{\"experiment_id\":\"" + experiment + "\"}", 200).get("run.info.run_id");
        String batch = "{\"run_id\":\"" + run + "\",\"metrics\":[" + point("loss", 0.9, 0) + "," + point("loss", 0.5, 1)
                + "," + point("acc", 0.7, 1) + "]}";
        post("runs/log-batch", batch, 200);
        post("runs/log-batch", batch, 200); // the client's retry of the same call
        post("runs/log-metric", "{\"run_id\":\"" + run + "\",\"key\":\"loss\",\"value\":0.1,\"timestamp\":5,\"step\":2}",
                200);
        given().post("/api/2.0/mlops/metrics/flush").then().statusCode(200).body("points", equalTo(4));
        String model = "ops-model-" + UUID.randomUUID();
        post("registered-models/create", "{\"name\":\"" + model + "\"}", 200);
        post("model-versions/create", "{\"name\":\"" + model + "\",\"source\":\"s3://elsewhere/model\"}", 200);
        post("model-versions/transition-stage", "{\"name\":\"" + model + "\",\"version\":\"1\",\"stage\":\"Production\","
                + "\"archive_existing_versions\":false}", 400);

        Map<String, Double> after = scrape();

        assertThat(delta(before, after, "mlops_metric_points_accepted_total")).isEqualTo(7);
        assertThat(delta(before, after, "mlops_metric_batches_deduplicated_total")).isEqualTo(1);
        assertThat(delta(before, after, "mlops_lake_flush_points_total")).isEqualTo(4);
        assertThat(delta(before, after, "mlops_lake_flush_seconds_count{outcome=\"ok\"}")).isEqualTo(1);
        assertThat(delta(before, after, "mlops_registry_versions_created_total")).isEqualTo(1);
        assertThat(delta(before, after, "mlops_registry_promotions_rejected_total")).isEqualTo(1);
        assertThat(delta(before, after, "mlops_http_requests_seconds_count{method=\"POST\","
                + "route=\"/{prefix}/2.0/mlflow/runs/log-batch\",status=\"200\"}")).isEqualTo(2);
        assertThat(delta(before, after, "mlops_http_requests_seconds_count{method=\"POST\","
                + "route=\"/{prefix}/2.0/mlflow/model-versions/transition-stage\",status=\"400\"}")).isEqualTo(1);
        assertThat(after).containsKeys("mlops_metric_buffer_points", "mlops_metric_buffer_oldest_age_seconds");
        assertThat(after.keySet()).as("no per-run or per-model label")
                .noneMatch(series -> series.contains(run) || series.contains(model));
    }

    private static String point(String key, double value, long step) {
        return "{\"key\":\"" + key + "\",\"value\":" + value + ",\"timestamp\":" + (1000 + step) + ",\"step\":" + step
                + "}";
    }

    private static io.restassured.path.json.JsonPath post(String path, String body, int status) {
        return given().contentType("application/json").body(body).post(API + path).then().statusCode(status)
                .extract().jsonPath();
    }

    /** Every series of the Prometheus text, by name and labels as printed. */
    static Map<String, Double> scrape() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> series = new HashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return series;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as(series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }
}

package dev.mlops.tracking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.lake.FlushReport;
import dev.mlops.lakeapi.Lake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tracking function reads histories through the lake: points flushed to s3a:// (by the metric-flush function
 * in production, by the injected flusher here) and points still buffered in DynamoDB come back once, in order.
 */
@QuarkusTest
@QuarkusTestResource(AwsBackendResource.class)
class HistoryAfterFlushTest {

    @Inject
    Lake lake;

    @Test
    void getHistory_shouldMergeFlushedAndBufferedPoints() {
        String experimentId = given().contentType("application/json")
                .body("{\"name\":\"flush-" + UUID.randomUUID() + "\"}")
                .post("/api/2.0/mlflow/experiments/create").then().statusCode(200).extract().path("experiment_id");
        String runId = given().contentType("application/json").body("{\"experiment_id\":\"" + experimentId + "\"}")
                .post("/api/2.0/mlflow/runs/create").then().statusCode(200).extract().path("run.info.run_id");
        logSteps(runId, 0, 3);

        FlushReport report = lake.flusher().flushOne(runId, experimentId);
        logSteps(runId, 3, 5);

        assertThat(report.points()).isEqualTo(3);
        assertThat(lake.root()).startsWith("s3a://");
        List<Integer> steps = given().queryParam("run_id", runId).queryParam("metric_key", "loss")
                .get("/api/2.0/mlflow/metrics/get-history").then().statusCode(200)
                .extract().path("metrics.step");
        assertThat(steps).containsExactly(0, 1, 2, 3, 4);
    }

    private static void logSteps(String runId, int from, int to) {
        StringBuilder metrics = new StringBuilder();
        for (int step = from; step < to; step++) {
            metrics.append(metrics.isEmpty() ? "" : ",").append("{\"key\":\"loss\",\"value\":").append(1.0 / (step + 1))
                    .append(",\"timestamp\":").append(1000 + step).append(",\"step\":").append(step).append('}');
        }
        given().contentType("application/json").body("{\"run_id\":\"" + runId + "\",\"metrics\":[" + metrics + "]}")
                .post("/api/2.0/mlflow/runs/log-batch").then().statusCode(200);
    }
}

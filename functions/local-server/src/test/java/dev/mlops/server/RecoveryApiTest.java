package dev.mlops.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.mlops.core.recovery.RecoveryBackend;
import dev.mlops.core.recovery.RestoreJournal;
import dev.mlops.core.recovery.WriteFence;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The operator routes under /api/2.0/mlops/ and the write fence, over real HTTP on the local backend. */
@QuarkusTest
class RecoveryApiTest {

    private static final String MLFLOW = "/api/2.0/mlflow/";
    private static final String MLOPS = "/api/2.0/mlops/";

    @Inject
    RecoveryBackend recovery;

    @Test
    void snapshots_shouldBeCreatedListedShownVerifiedAndRestored() {
        String run = newRun();
        String tag = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String id = post(MLOPS + "snapshots/create", "{\"tag\":\"" + tag + "\",\"description\":\"from a test\"}")
                .statusCode(200).body("snapshot.tag", equalTo(tag)).body("snapshot.root_digest", notNullValue())
                .extract().path("snapshot.id");

        given().get(MLOPS + "snapshots/list").then().statusCode(200).body("snapshots.id", hasItem(id));
        given().queryParam("snapshot_id", tag).get(MLOPS + "snapshots/get").then().statusCode(200)
                .body("snapshot.id", equalTo(id)).body("snapshot.counts.runs", notNullValue());
        post(MLOPS + "snapshots/verify", "{\"snapshot_id\":\"" + id + "\"}").statusCode(200)
                .body("check.ok", equalTo(true));

        post(MLFLOW + "runs/set-tag", "{\"run_id\":\"" + run + "\",\"key\":\"later\",\"value\":\"1\"}")
                .statusCode(200);
        post(MLOPS + "snapshots/restore", "{\"snapshot_id\":\"" + id + "\"}").statusCode(200)
                .body("restore.safety_snapshot_id", notNullValue());
        given().queryParam("run_id", run).get(MLFLOW + "runs/get").then().statusCode(200)
                .body("run.data.tags.find { it.key == 'later' }", equalTo(null));
        post(MLOPS + "verify", "").statusCode(200).body("clean", equalTo(true));
    }

    /** While a restore holds the state, writes get 503 (the mlflow client retries them) and reads go on. */
    @Test
    void writesDuringARestore_areRefusedWith503_andReadsAreNot() {
        String run = newRun();
        WriteFence.Hold hold = recovery.fence().raise(WriteFence.Reason.RESTORE, RestoreJournal.start("snap-x", 1));
        try {
            post(MLFLOW + "runs/log-metric", metric(run)).statusCode(503)
                    .body("error_code", equalTo("TEMPORARILY_UNAVAILABLE"));
            given().queryParam("run_id", run).get(MLFLOW + "runs/get").then().statusCode(200);
            post(MLFLOW + "runs/search", "{\"experiment_ids\":[\"0\"]}").statusCode(200);
        } finally {
            recovery.fence().clearJournal();
            hold.close();
        }
        post(MLFLOW + "runs/log-metric", metric(run)).statusCode(200);
    }

    @Test
    void incidentSimulation_isRefused_unlessEnabled() {
        post(MLOPS + "incidents/simulate", "{\"kind\":\"lake-missing\"}").statusCode(403)
                .body("error_code", equalTo("PERMISSION_DENIED"));
    }

    @Test
    void rollback_shouldMoveProductionBack_inOneStep() {
        String model = "rb-" + UUID.randomUUID().toString().substring(0, 8);
        post(MLFLOW + "registered-models/create", "{\"name\":\"" + model + "\"}").statusCode(200);
        for (int v = 1; v <= 2; v++) {
            post(MLFLOW + "model-versions/create", "{\"name\":\"" + model + "\",\"source\":\"s3://elsewhere/m" + v
                    + "\"}").statusCode(200);
            post(MLFLOW + "model-versions/transition-stage", "{\"name\":\"" + model + "\",\"version\":\"" + v
                    + "\",\"stage\":\"Production\",\"archive_existing_versions\":true}").statusCode(200);
        }
        post(MLFLOW + "registered-models/alias", "{\"name\":\"" + model + "\",\"alias\":\"champion\","
                + "\"version\":\"2\"}").statusCode(200);

        post(MLOPS + "models/rollback", "{\"name\":\"" + model + "\"}").statusCode(200)
                .body("rollback.from_version", equalTo(2)).body("rollback.to_version", equalTo(1))
                .body("rollback.aliases_moved[0]", equalTo("champion"));

        given().queryParam("name", model).queryParam("alias", "champion").get(MLFLOW + "registered-models/alias")
                .then().statusCode(200).body("model_version.version", equalTo("1"))
                .body("model_version.current_stage", equalTo("Production"));
    }

    @Test
    void badOperatorRequests_getMlflowErrors() {
        post(MLOPS + "models/rollback", "{}").statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        given().queryParam("snapshot_id", "snap-nope").get(MLOPS + "snapshots/get").then().statusCode(404)
                .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
        post(MLOPS + "snapshots/create", "{\"tag\":\"../../etc\"}").statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
        String digest = given().get(MLOPS + "state/digest").then().statusCode(200).extract().path("digest.root");
        assertThat(digest).hasSize(64);
    }

    private static String newRun() {
        return post(MLFLOW + "runs/create", "{\"experiment_id\":\"0\",\"start_time\":" + System.nanoTime() + "}")
                .statusCode(200).extract().path("run.info.run_id");
    }

    private static String metric(String run) {
        return "{\"run_id\":\"" + run + "\",\"key\":\"m\",\"value\":1.0,\"timestamp\":1,\"step\":0}";
    }

    private static ValidatableResponse post(String path, String body) {
        return given().contentType("application/json").body(body).post(path).then();
    }
}

package dev.mlops.tracking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.mlops.api.cache.ReadCaches;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.port.Backend;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The AWS backend's read caches never show this instance its own writes late: each read below follows a write and
 * must see it, while repeated reads are served from the cache (the hit count grows).
 */
@QuarkusTest
@QuarkusTestResource(AwsBackendResource.class)
class ReadCachesTest {

    private static final String API = "/api/2.0/mlflow/";

    @Inject
    ReadCaches caches;
    @Inject
    Backend backend;

    @Test
    void experimentReads_shouldSeeThisInstancesRenamesTagsAndDeletes_andHitTheCacheOtherwise() {
        String name = "cached-" + UUID.randomUUID();
        String id = given().contentType("application/json").body("{\"name\":\"" + name + "\"}")
                .post(API + "experiments/create").then().statusCode(200).extract().path("experiment_id");
        getByName(name).statusCode(200).body("experiment.experiment_id", equalTo(id));
        long hits = caches.hits();
        getByName(name).statusCode(200);
        get(id).statusCode(200);
        get(id).statusCode(200);
        assertThat(caches.hits()).isGreaterThanOrEqualTo(hits + 2);

        String renamed = name + "-renamed";
        post("experiments/update", "{\"experiment_id\":\"" + id + "\",\"new_name\":\"" + renamed + "\"}");
        getByName(renamed).statusCode(200).body("experiment.experiment_id", equalTo(id));
        getByName(name).statusCode(404);
        get(id).statusCode(200).body("experiment.name", equalTo(renamed));

        post("experiments/set-experiment-tag", "{\"experiment_id\":\"" + id + "\",\"key\":\"k\",\"value\":\"v\"}");
        get(id).statusCode(200).body("experiment.tags[0].value", equalTo("v"));
        post("experiments/delete", "{\"experiment_id\":\"" + id + "\"}");
        get(id).statusCode(200).body("experiment.lifecycle_stage", equalTo("deleted"));
        getByName(renamed).statusCode(200).body("experiment.lifecycle_stage", equalTo("deleted"));
        assertThat(caches.hitRate()).isBetween(0.0, 1.0);
    }

    @Test
    void registeredModelReads_shouldSeeThisInstancesWrites() {
        String name = "model-" + UUID.randomUUID();
        backend.registry().createModel(new RegisteredModel(name, 1, 1, null, Map.of(), Map.of()));
        assertThat(backend.registry().getModel(name)).isPresent();
        long hits = caches.hits();
        assertThat(backend.registry().getModel(name)).isPresent();
        assertThat(caches.hits()).isEqualTo(hits + 1);

        backend.registry().setModelTag(name, "stage", "gold", 2);
        assertThat(backend.registry().getModel(name).orElseThrow().tags()).containsEntry("stage", "gold");
        backend.registry().renameModel(name, name + "-2", 3);
        assertThat(backend.registry().getModel(name)).isEmpty();
        assertThat(backend.registry().getModel(name + "-2")).isPresent();
        backend.registry().deleteModel(name + "-2");
        assertThat(backend.registry().getModel(name + "-2")).isEmpty();
    }

    private static io.restassured.response.ValidatableResponse getByName(String name) {
        return given().queryParam("experiment_name", name).get(API + "experiments/get-by-name").then();
    }

    private static io.restassured.response.ValidatableResponse get(String id) {
        return given().queryParam("experiment_id", id).get(API + "experiments/get").then();
    }

    private static void post(String path, String body) {
        given().contentType("application/json").body(body).post(API + path).then().statusCode(200);
    }
}

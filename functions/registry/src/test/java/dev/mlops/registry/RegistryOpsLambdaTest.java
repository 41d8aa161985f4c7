package dev.mlops.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The registry Lambda serves the same probes through its lambda-http virtual channel. */
@QuarkusTest
@QuarkusTestResource(LocalBackendResource.class)
class RegistryOpsLambdaTest {

    @Test
    void probes_shouldAnswerThroughTheLambdaHandler() {
        given().get("/health").then().statusCode(200).body(equalTo("OK"));
        given().get("/version").then().statusCode(200).body(equalTo("3.17.2"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("storage", "lake", "disk", "memory", "events"));
    }
}

package dev.mlops.ingestion;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.domain.ContentId;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.dynamo.DynamoGuard;
import dev.mlops.aws.dynamo.DynamoRegistryStore;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.testsupport.AwsEmulator;
import dev.mlops.testsupport.EventCapture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Replays the S3 notifications in events-samples/s3 through the Lambda (mock event server, Jackson in and out)
 * against objects really stored in the emulator, and reads the resulting events from an SQS queue subscribed to
 * the function's bus, as a consumer would.
 */
@QuarkusTest
@QuarkusTestResource(AwsIngestionResource.class)
class S3EventReplayTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SAMPLES = Path.of(System.getProperty("events.samples.dir", "../../events-samples"), "s3");
    static S3Client s3;
    static EventCapture capture;
    static EventCapture created;
    static Map<String, String> contents;

    /** Reads what the function registered, straight from the DynamoDB registry it wrote to. */
    static final class Registry {
        private final DynamoRegistryStore store;

        Registry(DynamoRegistryStore store) {
            this.store = store;
        }

        Optional<ModelVersion> version(String name, int version) {
            return store.getVersion(name, version);
        }

        List<ModelVersion> versionsOf(String name) {
            return store.versionsOf(name);
        }

        boolean hasModel(String name) {
            return store.getModel(name).isPresent();
        }
    }

    static AwsClients clients;
    static Registry registrar;

    @BeforeAll
    static void connect() throws IOException {
        AwsEmulator aws = AwsEmulator.get();
        s3 = S3Client.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()))).build();
        AwsSettings settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), AwsIngestionResource.PREFIX);
        clients = new AwsClients(settings, List.of());
        registrar = new Registry(new DynamoRegistryStore(clients.dynamo(), DynamoTables.of(settings),
                DynamoGuard.standard()));
        // The function created the bus at start; subscribe to its ingestion and registry events.
        capture = EventCapture.attach(aws, AwsIngestionResource.PREFIX + "-events",
                "{\"source\":[\"mlops.tracking\"],\"detail-type\":[\"ArtifactIngested\",\"IngestionFailed\"]}");
        created = EventCapture.attach(aws, AwsIngestionResource.PREFIX + "-events",
                "{\"source\":[\"mlops.tracking\"],\"detail-type\":[\"ModelVersionCreated\"],"
                        + "\"detail\":{\"name\":[\"churn-classifier\"]}}");
        contents = JSON.readValue(SAMPLES.resolve("object-contents.json").toFile(),
                JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
    }

    @AfterAll
    static void close() {
        capture.close();
        created.close();
        s3.close();
        clients.close();
    }

    @Test
    void put_shouldRegisterTheExactObjectVersion_andRedeliveryShouldReturnTheSameVersion() throws IOException {
        String bucket = bucket("versioned", true);
        String key = "incoming/models/churn-classifier/model.onnx";
        String first = put(bucket, key);
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("onnx: churn-classifier v2"));

        JsonNode answer = invoke(sample("object-created-put.json", bucket).replace("VERSION_ID", first));
        JsonNode again = invoke(sample("object-created-redelivery.json", bucket).replace("VERSION_ID", first));

        String sha256 = sha256(contents.get(key));
        assertThat(answer.path("accepted").asInt()).isEqualTo(1);
        assertThat(answer.path("records").get(0).path("version").asText()).isEqualTo("1");
        assertThat(again).isEqualTo(answer);
        ModelVersion version = registrar.version("churn-classifier", 1).orElseThrow();
        assertThat(registrar.versionsOf("churn-classifier")).hasSize(1);
        assertThat(version.source()).isEqualTo("s3://" + bucket + "/" + key);
        assertThat(version.tags()).containsEntry("mlops.sha256", sha256) // of v1, not the newer v2
                .containsEntry("mlops.size_bytes", "25")
                .containsEntry("mlops.s3_version_id", first)
                .containsEntry("mlops.artifact_type", "onnx");
        List<JsonNode> ingested = EventCapture.details(eventsOf(bucket, 2), "ArtifactIngested");
        assertThat(ingested).hasSize(2).allSatisfy(detail -> {
            assertThat(detail.path("schema_version").asInt()).isEqualTo(1);
            assertThat(detail.path("key").asText()).isEqualTo(key);
            assertThat(detail.path("object_version").asText()).isEqualTo(first);
            assertThat(detail.path("name").asText()).isEqualTo("churn-classifier");
            assertThat(detail.path("version").asText()).isEqualTo("1");
            assertThat(detail.path("sha256").asText()).isEqualTo(sha256);
            assertThat(detail.path("size").asLong()).isEqualTo(25);
        });
        List<JsonNode> announced = created.receive(2, Duration.ofSeconds(5));
        assertThat(EventCapture.details(announced, "ModelVersionCreated")).as("announced once, not on redelivery")
                .singleElement().satisfies(detail -> {
                    assertThat(detail.path("version").asText()).isEqualTo("1");
                    assertThat(detail.path("source").asText()).isEqualTo("s3://" + bucket + "/" + key);
                });
    }

    @Test
    void batch_shouldReportEachBadRecord_andRegisterTheRest_onAnUnversionedBucket() throws IOException {
        String bucket = bucket("plain", false);
        contents.keySet().stream().filter(k -> !k.contains("..") && !k.contains("churn")).forEach(k -> put(bucket, k));

        JsonNode answer = invoke(sample("object-created-batch.json", bucket));

        assertThat(answer.path("accepted").asInt()).isEqualTo(2);
        assertThat(answer.path("skipped").asInt()).isEqualTo(2);
        assertThat(answer.path("failed").asInt()).isEqualTo(4);
        assertThat(answer.path("records")).extracting(r -> r.path("key").asText(), r -> r.path("outcome").asText())
                .containsExactly(
                        tuple("incoming/models/fraud detector/model.pkl.mlops.json", "SKIPPED"),
                        tuple("incoming/models/fraud detector/model.pkl", "ACCEPTED"),
                        tuple("incoming/models/fraud/../../etc/passwd", "FAILED"),
                        tuple("uploads/tmp/model.pkl", "FAILED"),
                        tuple("incoming/models/bad:name/model.pkl", "FAILED"),
                        tuple("incoming/models/broken-meta/model.pt.mlops.json", "SKIPPED"),
                        tuple("incoming/models/broken-meta/model.pt", "FAILED"),
                        tuple("incoming/models/recommender/weights.tar.gz", "ACCEPTED"));
        assertThat(answer.path("records").get(6).path("reason").asText())
                .contains("metric 'auc' must be a finite number");
        ModelVersion fraud = registrar.version("fraud detector", 1).orElseThrow();
        assertThat(fraud.description()).isEqualTo("Gradient boosting on January data");
        assertThat(fraud.tags()).containsEntry("mlops.sha256", sha256(contents.get(
                        "incoming/models/fraud detector/model.pkl")))
                .containsEntry("mlops.framework", "sklearn").containsEntry("mlops.metric.auc", "0.912")
                .containsEntry("team", "risk").doesNotContainKey("mlops.s3_version_id");
        assertThat(registrar.version("recommender", 1).orElseThrow().tags())
                .containsEntry("mlops.artifact_type", "tar.gz");
        assertThat(registrar.hasModel("broken-meta")).isFalse();

        List<JsonNode> events = eventsOf(bucket, 6);
        assertThat(EventCapture.details(events, "ArtifactIngested")).extracting(d -> d.path("name").asText())
                .containsExactlyInAnyOrder("fraud detector", "recommender");
        assertThat(EventCapture.details(events, "IngestionFailed")).extracting(d -> d.path("key").asText())
                .containsExactlyInAnyOrder("incoming/models/fraud/../../etc/passwd", "uploads/tmp/model.pkl",
                        "incoming/models/bad:name/model.pkl", "incoming/models/broken-meta/model.pt");
        assertThat(EventCapture.details(events, "IngestionFailed")).allSatisfy(d -> {
            assertThat(d.path("bucket").asText()).isEqualTo(bucket);
            assertThat(d.path("reason").asText()).isNotBlank();
            assertThat(d.path("timestamp").asLong()).isPositive();
        });
    }

    private static String bucket(String kind, boolean versioned) {
        String bucket = AwsEmulator.get().uniquePrefix(kind);
        s3.createBucket(b -> b.bucket(bucket));
        if (versioned) {
            s3.putBucketVersioning(b -> b.bucket(bucket)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
        return bucket;
    }

    private static String put(String bucket, String key) {
        return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(contents.get(key))).versionId();
    }

    private static String sample(String name, String bucket) throws IOException {
        return Files.readString(SAMPLES.resolve(name)).replace("DOC-EXAMPLE-BUCKET", bucket);
    }

    /** Posts the event to the mock Lambda event server, which runs the handler and returns its JSON answer. */
    private static JsonNode invoke(String event) throws IOException {
        String api = ConfigProvider.getConfig().getValue("quarkus-internal.aws-lambda.test-api", String.class);
        String response = given().contentType("application/json").body(event).post("http://" + api)
                .then().statusCode(200).extract().asString();
        return JSON.readTree(response);
    }

    /** The events about {@code bucket}; other tests' events in the shared queue are set aside. */
    private static List<JsonNode> eventsOf(String bucket, int count) {
        List<JsonNode> all = new java.util.ArrayList<>(capture.receive(count, Duration.ofSeconds(15)));
        return all.stream().filter(e -> bucket.equals(e.path("detail").path("bucket").asText())).toList();
    }

    private static String sha256(String content) {
        return HexFormat.of().formatHex(ContentId.sha256().digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}

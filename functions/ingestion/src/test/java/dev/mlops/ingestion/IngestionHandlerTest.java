package dev.mlops.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.error.TemporarilyUnavailableException;
import dev.mlops.core.ingest.ArtifactIngestion;
import dev.mlops.core.ingest.IngestionSettings;
import dev.mlops.core.ingest.ModelRegistrar;
import dev.mlops.core.ingest.ObjectCreated;
import dev.mlops.core.ingest.ObjectFacts;
import dev.mlops.core.ingest.ObjectReader;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.recovery.WriteFence;
import dev.mlops.core.port.NewModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event translation and the retry decision, without Quarkus; S3 and the bus are covered by the replay test. */
class IngestionHandlerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SAMPLES = Path.of(System.getProperty("events.samples.dir", "../../events-samples"), "s3");

    @Test
    void of_shouldReadEveryFieldOfTheDocumentedRecordShape() throws IOException {
        JsonNode event = JSON.readTree(SAMPLES.resolve("object-created-put.json").toFile());

        assertThat(S3EventRecords.of(event)).containsExactly(new ObjectCreated("ObjectCreated:Put",
                "DOC-EXAMPLE-BUCKET", "incoming/models/churn-classifier/model.onnx", 25,
                "b9cb6661901e4b4926fa50bad59812f5", "VERSION_ID", "AWS:AIDAJDPLRKLG7UEXAMPLE"));
    }

    @Test
    void of_shouldKeepMalformedRecordsForIngestionToRefuse_andReadNoneFromS3TestEvents() throws IOException {
        JsonNode malformed = JSON.readTree("{\"Records\": [{\"eventName\": \"ObjectCreated:Put\", \"s3\": {}}]}");
        JsonNode testEvent = JSON.readTree("""
                {"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": "2026-01-05T10:00:00.000Z",
                 "Bucket": "DOC-EXAMPLE-BUCKET", "RequestId": "5582815E1AEA5ADF", "HostId": "8cLeGAmw098X5cv4Zkw"}""");

        assertThat(S3EventRecords.of(malformed)).containsExactly(
                new ObjectCreated("ObjectCreated:Put", null, null, -1, null, null, null));
        assertThat(S3EventRecords.of(testEvent)).isEmpty();
    }

    @Test
    void handleRequest_shouldReportRefusedRecords_withoutFailingTheInvocation() throws IOException {
        IngestionHandler handler = handler(registrarFailingWith(null));
        JsonNode event = JSON.readTree("""
                {"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"},
                 "object": {"key": "incoming/models/m/%2E%2E/x.pkl", "size": 3, "eTag": "e"}}}]}""");

        BatchReport report = handler.handleRequest(event, null);

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.records().get(0).reason()).contains("'.' and '..' segments are not allowed");
    }

    @Test
    void handleRequest_shouldFailTheInvocation_whenARecordMaySucceedOnRetry() throws IOException {
        IngestionHandler handler = handler(registrarFailingWith(
                new TemporarilyUnavailableException("registry throttled", null)));
        JsonNode event = JSON.readTree("""
                {"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"},
                 "object": {"key": "incoming/models/m/x.pkl", "size": 3, "eTag": "e"}}}]}""");

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .isInstanceOf(IngestionHandler.RetryableIngestionFailure.class)
                .hasMessageContaining("incoming/models/m/x.pkl").hasMessageContaining("TEMPORARILY_UNAVAILABLE");
    }

    @Test
    void handleRequest_shouldFailTheInvocation_andIngestNothing_whileARestoreHoldsTheState() throws IOException {
        IngestionHandler handler = handler(registrarFailingWith(new IllegalStateException("must not be called")));
        handler.fence = new WriteFence() {
            @Override
            public Permit admit() {
                throw new TemporarilyUnavailableException("A restore of snapshot s is in progress", null);
            }

            @Override
            public Hold raise(Reason reason, dev.mlops.core.recovery.RestoreJournal journal) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<dev.mlops.core.recovery.RestoreJournal> journal() {
                return Optional.empty();
            }

            @Override
            public void updateJournal(dev.mlops.core.recovery.RestoreJournal journal) {
            }

            @Override
            public void clearJournal() {
            }
        };
        JsonNode event = JSON.readTree("""
                {"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"},
                 "object": {"key": "incoming/models/m/x.pkl", "size": 3, "eTag": "e"}}}]}""");

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .isInstanceOf(TemporarilyUnavailableException.class).hasMessageContaining("restore");
    }

    private static IngestionHandler handler(ModelRegistrar registrar) {
        ObjectReader objects = new ObjectReader() {
            @Override
            public Optional<ObjectFacts> head(String bucket, String key, String versionId) {
                return Optional.of(new ObjectFacts(bucket, key, null, "\"e\"", 3));
            }

            @Override
            public Optional<String> sha256(ObjectFacts facts) {
                return Optional.of("0".repeat(64));
            }

            @Override
            public Optional<byte[]> readSmall(String bucket, String key, int maxBytes) {
                return Optional.empty();
            }
        };
        IngestionHandler handler = new IngestionHandler();
        handler.fence = WriteFence.OPEN;
        handler.ingestion = new ArtifactIngestion(registrar, objects, EventPublisher.NONE,
                IngestionSettings.defaults(), InstantSource.system());
        return handler;
    }

    private static ModelRegistrar registrarFailingWith(RuntimeException failure) {
        return new ModelRegistrar() {
            @Override
            public void ensureModel(String name, long timestamp) {
                if (failure != null) {
                    throw failure;
                }
            }

            @Override
            public ModelVersion register(NewModelVersion version) {
                throw new AssertionError("not reached in these tests");
            }
        };
    }
}

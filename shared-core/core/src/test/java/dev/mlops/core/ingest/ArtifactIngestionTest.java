package dev.mlops.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.error.TemporarilyUnavailableException;
import dev.mlops.core.ingest.IngestionOutcome.Accepted;
import dev.mlops.core.ingest.IngestionOutcome.Failed;
import dev.mlops.core.ingest.IngestionOutcome.Skipped;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.DomainEvent.ArtifactIngested;
import dev.mlops.core.port.DomainEvent.IngestionFailed;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.NewModelVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactIngestionTest {

    static final String BUCKET = "ingest-bucket";
    static final long NOW = 1_767_225_600_000L;

    final InMemoryObjects objects = new InMemoryObjects();
    final InMemoryRegistrar registrar = new InMemoryRegistrar();
    final List<DomainEvent> published = new ArrayList<>();
    int flushes;
    final EventPublisher events = new EventPublisher() {
        @Override
        public void publish(DomainEvent event) {
            published.add(event);
        }

        @Override
        public void flush() {
            flushes++;
        }
    };
    final ArtifactIngestion ingestion = new ArtifactIngestion(registrar, objects, events,
            IngestionSettings.defaults(), InstantSource.fixed(Instant.ofEpochMilli(NOW)));

    @Test
    void ingest_shouldRegisterVersionWithSeedAndSidecarTags_whenVersionedObjectHasSidecar() {
        String key = "incoming/models/churn/model.onnx";
        objects.putVersioned(BUCKET, key, "onnx-bytes", "v-111");
        objects.put(BUCKET, key + ".mlops.json", """
                {"framework": "onnx", "metrics": {"auc": 0.91}, "tags": {"team": "risk"},
                 "run_id": "a1b2c3d4e5f6", "description": "first cut"}""");

        IngestionReport report = ingestion.ingest(List.of(created(key, "v-111", "onnx-bytes")));

        assertThat(report.outcomes()).containsExactly(new Accepted(BUCKET, key, "v-111", "churn", 1,
                InMemoryObjects.sha256Of("onnx-bytes"), 10));
        ModelVersion version = registrar.version("churn", 1).orElseThrow();
        assertThat(version.source()).isEqualTo("s3://ingest-bucket/incoming/models/churn/model.onnx");
        assertThat(version.runId()).isEqualTo("a1b2c3d4e5f6");
        assertThat(version.description()).isEqualTo("first cut");
        assertThat(version.userId()).isEqualTo("AWS:AIDAEXAMPLE");
        assertThat(version.tags()).containsEntry("mlops.sha256", InMemoryObjects.sha256Of("onnx-bytes"))
                .containsEntry("mlops.integrity", "verified")
                .containsEntry("mlops.size_bytes", "10")
                .containsEntry("mlops.s3_version_id", "v-111")
                .containsEntry("mlops.framework", "onnx")
                .containsEntry("mlops.artifact_type", "onnx")
                .containsEntry("mlops.metric.auc", "0.91")
                .containsEntry("team", "risk");
        assertThat(published).containsExactly(new ArtifactIngested(BUCKET, key, "v-111", "churn", 1,
                InMemoryObjects.sha256Of("onnx-bytes"), 10, NOW));
        assertThat(flushes).isEqualTo(1);
    }

    @Test
    void ingest_shouldReturnTheSameVersion_whenTheEventIsRedelivered() {
        String key = "incoming/models/churn/model.pkl";
        objects.putVersioned(BUCKET, key, "pickle", "v-1");

        IngestionReport first = ingestion.ingest(List.of(created(key, "v-1", "pickle")));
        IngestionReport again = ingestion.ingest(List.of(created(key, "v-1", "pickle")));

        assertThat(again.outcomes()).isEqualTo(first.outcomes());
        assertThat(registrar.versionsOf("churn")).hasSize(1);
    }

    @Test
    void ingest_shouldKeyUnversionedObjectsByETag_soNewContentIsANewVersion() {
        String key = "incoming/models/churn/model.pkl";
        objects.put(BUCKET, key, "pickle-1");
        ingestion.ingest(List.of(created(key, null, "pickle-1")));
        objects.put(BUCKET, key, "pickle-2");

        IngestionReport second = ingestion.ingest(List.of(created(key, null, "pickle-2")));

        assertThat(second.accepted()).singleElement().satisfies(a -> {
            assertThat(a.version()).isEqualTo(2);
            assertThat(a.objectVersion()).isNull();
        });
        assertThat(registrar.version("churn", 2).orElseThrow().tags()).doesNotContainKey("mlops.s3_version_id")
                .containsEntry("mlops.s3_etag", InMemoryObjects.eTagOf("pickle-2"));
    }

    @Test
    void ingest_shouldSkip_whenAnUnversionedObjectWasOverwrittenSinceTheEvent() {
        String key = "incoming/models/churn/model.pkl";
        objects.put(BUCKET, key, "newer");

        IngestionReport report = ingestion.ingest(List.of(created(key, null, "older")));

        assertThat(report.skipped()).singleElement().extracting(Skipped::reason).asString()
                .contains("overwritten");
        assertThat(registrar.hasModel("churn")).isFalse();
        assertThat(objects.hashes).isZero();
    }

    @Test
    void ingest_shouldReportEachBadRecord_andStillRegisterTheGoodOnes() {
        objects.put(BUCKET, "incoming/models/good/a.pkl", "a");
        objects.put(BUCKET, "incoming/models/bad-sidecar/b.pkl", "b");
        objects.put(BUCKET, "incoming/models/bad-sidecar/b.pkl.mlops.json", "{\"metrics\": {\"auc\": \"high\"}}");
        objects.put(BUCKET, "incoming/models/good/c.pkl", "c");

        IngestionReport report = ingestion.ingest(List.of(
                created("incoming/models/good/a.pkl", null, "a"),
                created("incoming/models/good/%2E%2E/%2E%2E/secrets.pkl", null, "x"),
                created("uploads/other/x.pkl", null, "x"),
                created("incoming/models/bad%3Aname/x.pkl", null, "x"),
                created("incoming/models/bad-sidecar/b.pkl", null, "b"),
                created("incoming/models/bad-sidecar/b.pkl.mlops.json", null, "{}"),
                created("incoming/models/good/c.pkl", null, "c")));

        assertThat(report.accepted()).extracting(Accepted::key, Accepted::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple("incoming/models/good/a.pkl", 1),
                org.assertj.core.groups.Tuple.tuple("incoming/models/good/c.pkl", 2));
        assertThat(report.failed()).extracting(Failed::key).containsExactly(
                "incoming/models/good/../../secrets.pkl", "uploads/other/x.pkl", "incoming/models/bad:name/x.pkl",
                "incoming/models/bad-sidecar/b.pkl");
        assertThat(report.failed()).noneMatch(Failed::retryable);
        assertThat(report.failed().get(3).reason()).contains("metric 'auc' must be a finite number");
        assertThat(report.skipped()).extracting(Skipped::key)
                .containsExactly("incoming/models/bad-sidecar/b.pkl.mlops.json");
        assertThat(registrar.hasModel("bad-sidecar")).isFalse();
        assertThat(published).filteredOn(IngestionFailed.class::isInstance).hasSize(4);
        assertThat(published).filteredOn(ArtifactIngested.class::isInstance).hasSize(2);
    }

    @Test
    void ingest_shouldRefuseObjectsAboveTheLimit_beforeReadingThem() {
        ArtifactIngestion small = new ArtifactIngestion(registrar, objects, events,
                new IngestionSettings("incoming/models/", 4, Duration.ofDays(1)), InstantSource.system());
        objects.put(BUCKET, "incoming/models/m/big.bin", "12345");

        IngestionReport report = small.ingest(List.of(created("incoming/models/m/big.bin", null, "12345")));

        assertThat(report.failed()).singleElement().extracting(Failed::reason).asString()
                .contains("is 5 bytes; ingestion accepts at most 4");
        assertThat(objects.hashes).isZero();
    }

    @Test
    void ingest_shouldFail_whenTheObjectIsGone() {
        IngestionReport report = ingestion.ingest(List.of(created("incoming/models/m/gone.pkl", "v-9", "x")));

        assertThat(report.failed()).singleElement().extracting(Failed::reason).asString()
                .contains("version v-9 no longer exists");
    }

    @Test
    void ingest_shouldSkipOtherEventsAndFolderMarkers() {
        IngestionReport report = ingestion.ingest(List.of(
                new ObjectCreated("ObjectRemoved:Delete", BUCKET, "incoming/models/m/x.pkl", 0, null, null, null),
                created("incoming/models/m/", null, "")));

        assertThat(report.skipped()).hasSize(2);
        assertThat(published).isEmpty();
    }

    @Test
    void ingest_shouldMarkStoreOutagesRetryable_andGoOn() {
        objects.put(BUCKET, "incoming/models/m/x.pkl", "x");
        objects.put(BUCKET, "incoming/models/n/y.pkl", "y");
        ModelRegistrar flaky = new ModelRegistrar() {
            @Override
            public void ensureModel(String name, long timestamp) {
                if (name.equals("m")) {
                    throw new TemporarilyUnavailableException("DynamoDB is throttling", null);
                }
                registrar.ensureModel(name, timestamp);
            }

            @Override
            public ModelVersion register(NewModelVersion version) {
                return registrar.register(version);
            }
        };
        ArtifactIngestion withFlakyStore = new ArtifactIngestion(flaky, objects, events,
                IngestionSettings.defaults(), InstantSource.system());

        IngestionReport report = withFlakyStore.ingest(List.of(created("incoming/models/m/x.pkl", null, "x"),
                created("incoming/models/n/y.pkl", null, "y")));

        assertThat(report.hasRetryableFailures()).isTrue();
        assertThat(report.failed()).singleElement().extracting(Failed::reason).asString()
                .startsWith("TEMPORARILY_UNAVAILABLE");
        assertThat(report.accepted()).singleElement().extracting(Accepted::name).isEqualTo("n");
    }

    @Test
    void idempotencyKey_shouldNameVersionIdOrETag() {
        assertThat(ArtifactIngestion.idempotencyKey(new ObjectFacts("b", "k/x", "v1", "e1", 1)))
                .isEqualTo("s3://b/k/x#v1");
        assertThat(ArtifactIngestion.idempotencyKey(new ObjectFacts("b", "k/x", null, "e1", 1)))
                .isEqualTo("s3://b/k/x#e1");
    }

    private static ObjectCreated created(String eventKey, String versionId, String content) {
        return new ObjectCreated("ObjectCreated:Put", BUCKET, eventKey, content.length(),
                InMemoryObjects.eTagOf(content), versionId, "AWS:AIDAEXAMPLE");
    }
}

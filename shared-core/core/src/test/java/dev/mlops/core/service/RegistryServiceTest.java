package dev.mlops.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.error.ErrorCode;
import dev.mlops.core.error.MlopsException;
import dev.mlops.core.local.LocalBackend;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.service.RegistryViews.ModelView;
import dev.mlops.core.service.RegistryViews.VersionView;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryServiceTest {

    private static final String MLMODEL = """
            artifact_path: model
            flavors:
              python_function:
                loader_module: mlflow.sklearn
                python_version: 3.11.4
              sklearn:
                pickled_model: model.pkl
                sklearn_version: 1.5.0
            mlflow_version: 3.1.0
            """;

    @TempDir
    Path dataDir;
    private LocalBackend backend;
    private TrackingService tracking;
    private final RecordingEvents events = new RecordingEvents();
    private final InstantSource clock = InstantSource.system();

    @BeforeEach
    void open() {
        backend = LocalBackend.open(dataDir, clock);
        tracking = new TrackingService(backend.metadata(), backend.metrics(), EventPublisher.NONE, clock);
    }

    @AfterEach
    void close() {
        backend.close();
    }

    private RegistryService service(String gates) {
        return new RegistryService(backend.registry(), backend.metadata(), backend.loggedModels(),
                backend.artifacts(), LocalBackend.ARTIFACT_ROOT_URI, events, PreHooks.parse(gates), clock);
    }

    // ---- seeds

    @Test
    void createModelVersion_shouldSeedRunDataFrameworkAndDirectoryChecksum_whenSourceIsRunsUri() throws Exception {
        RegistryService registry = service(null);
        Run run = runWithModel(0.95);
        registry.createRegisteredModel("seeded", List.of(), null);

        VersionView created = registry.createModelVersion(request("seeded", "runs:/" + run.runId() + "/model",
                run.runId(), List.of(), null));

        ModelVersion v = created.version();
        assertThat(v.version()).isEqualTo(1);
        assertThat(v.status()).isEqualTo(VersionStatus.READY);
        assertThat(v.runId()).isEqualTo(run.runId());
        String manifest = sha256Hex(MLMODEL) + "  MLmodel\n" + sha256Hex("weights") + "  model.pkl\n";
        assertThat(v.tags()).containsEntry("mlops.framework", "sklearn")
                .containsEntry("mlops.artifact_type", "mlflow-model")
                .containsEntry("mlops.sha256", sha256Hex(manifest))
                .containsEntry("mlops.size_bytes", Integer.toString(MLMODEL.length() + "weights".length()))
                .containsEntry("mlops.param.depth", "7")
                .containsEntry("mlops.metric.accuracy", "0.95")
                .containsEntry("mlops.integrity", "verified");
        assertThat(events.published).contains(new DomainEvent.ModelVersionCreated("seeded", 1,
                "runs:/" + run.runId() + "/model", run.runId(), ((DomainEvent.ModelVersionCreated)
                        events.published.get(events.published.size() - 1)).timestamp()));
        assertThat(events.flushes).isPositive();
        assertThat(registry.getModelVersionDownloadUri("seeded", "1"))
                .isEqualTo(run.info().artifactUri() + "/model");
    }

    @Test
    void createModelVersion_shouldHashSingleFile_andTakeCallerFramework_whenSourceIsArtifactUri() throws Exception {
        RegistryService registry = service(null);
        Run run = tracking.createRun("0", "u", "r", null, List.of(), null);
        put(run, "model.onnx", "onnx-bytes");
        registry.createRegisteredModel("file", List.of(), null);

        ModelVersion v = registry.createModelVersion(request("file", run.info().artifactUri() + "/model.onnx",
                run.runId(), List.of(new Tag("mlops.framework", "onnx")), null)).version();

        assertThat(v.status()).isEqualTo(VersionStatus.READY);
        assertThat(v.tags()).containsEntry("mlops.sha256", sha256Hex("onnx-bytes"))
                .containsEntry("mlops.size_bytes", "10")
                .containsEntry("mlops.artifact_type", "file")
                .containsEntry("mlops.framework", "onnx");
    }

    @Test
    void createModelVersion_shouldGoReadyUnverified_whenSourceHoldsNothingOrNamesAnUnknownRun() {
        RegistryService registry = service(null);
        Run run = tracking.createRun("0", "u", "r", null, List.of(), null);
        registry.createRegisteredModel("empty", List.of(), null);

        ModelVersion v = registry.createModelVersion(request("empty", "runs:/" + run.runId() + "/nothing",
                run.runId(), List.of(), null)).version();
        ModelVersion unknown = registry.createModelVersion(request("empty", "runs:/0123abcd/model", "0123abcd",
                List.of(), null)).version();

        assertThat(List.of(v.status(), unknown.status())).containsOnly(VersionStatus.READY);
        assertThat(v.tags()).doesNotContainKey("mlops.sha256").containsEntry("mlops.integrity", "unverified");
        assertThat(unknown.tags()).containsEntry("mlops.integrity", "unverified");
        assertThat(unknown.runId()).isEqualTo("0123abcd");
    }

    @Test
    void createModelVersion_shouldGoReadyWithoutChecksum_whenSourceIsElsewhere() {
        RegistryService registry = service(null);
        registry.createRegisteredModel("ext", List.of(), null);

        ModelVersion v = registry.createModelVersion(request("ext", "s3://other-bucket/model", null, List.of(),
                null)).version();

        assertThat(v.status()).isEqualTo(VersionStatus.READY);
        assertThat(v.tags()).doesNotContainKeys("mlops.sha256", "mlops.size_bytes")
                .containsEntry("mlops.integrity", "unverified");
        assertThat(registry.getModelVersionDownloadUri("ext", "1")).isEqualTo("s3://other-bucket/model");
    }

    // ---- idempotency

    @Test
    void createModelVersion_shouldNumberEveryRegistration_whenNoIdempotencyKeyIsSent() {
        RegistryService registry = service(null);
        registry.createRegisteredModel("idem", List.of(), null);
        NewVersionRequest request = request("idem", "s3://b/m", null, List.of(new Tag("k", "v")), null);

        VersionView first = registry.createModelVersion(request);
        VersionView again = registry.createModelVersion(request);

        assertThat(List.of(first.version().version(), again.version().version())).containsExactly(1, 2);
        assertThat(events.published).filteredOn(e -> e instanceof DomainEvent.ModelVersionCreated).hasSize(2);
    }

    @Test
    void createModelVersion_shouldUseIdempotencyKey_whenGiven() {
        RegistryService registry = service(null);
        registry.createRegisteredModel("keyed", List.of(), null);

        int a = registry.createModelVersion(request("keyed", "s3://b/m", null, List.of(), "k1")).version().version();
        int b = registry.createModelVersion(request("keyed", "s3://b/m", null, List.of(), "k2")).version().version();
        int c = registry.createModelVersion(request("keyed", "s3://b/other", null, List.of(), "k1")).version()
                .version();

        assertThat(List.of(a, b, c)).containsExactly(1, 2, 1);
    }

    // ---- reserved tags and validation

    @Test
    void reservedTags_shouldBeRefused_forUsers() {
        RegistryService registry = service(null);
        registry.createRegisteredModel("res", List.of(), null);
        registry.createModelVersion(request("res", "s3://b/m", null, List.of(), null));

        assertInvalid(() -> registry.setModelVersionTag("res", "1", "mlops.sha256", "forged"));
        assertInvalid(() -> registry.deleteModelVersionTag("res", "1", "mlops.framework"));
        assertInvalid(() -> registry.setRegisteredModelTag("res", "mlops.owner", "x"));
        assertInvalid(() -> registry.createRegisteredModel("res2", List.of(new Tag("mlops.x", "y")), null));
        assertInvalid(() -> registry.createModelVersion(request("res", "s3://b/n", null,
                List.of(new Tag("mlops.sha256", "forged")), null)));
        assertThat(registry.getModelVersion("res", "1").version().tags()).doesNotContainKey("mlops.sha256");
        assertThat(registry.searchRegisteredModels("name = 'res2'", null, null, null).models()).isEmpty();
    }

    @Test
    void errors_shouldCarryMlflowCodes() {
        RegistryService registry = service(null);
        registry.createRegisteredModel("err", List.of(), null);

        assertCode(() -> registry.getRegisteredModel("missing"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "Registered Model with name=missing not found");
        assertCode(() -> registry.getModelVersion("err", "9"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "Model Version (name=err, version=9) not found");
        assertCode(() -> registry.createRegisteredModel("err", List.of(), null), ErrorCode.RESOURCE_ALREADY_EXISTS,
                "Registered Model (name=err) already exists.");
        assertCode(() -> registry.createRegisteredModel("", List.of(), null), ErrorCode.INVALID_PARAMETER_VALUE,
                "Missing value for required parameter 'name'.");
        assertCode(() -> registry.createRegisteredModel(" ", List.of(), null), ErrorCode.INVALID_PARAMETER_VALUE,
                "Missing value for required parameter 'name'.");
        assertCode(() -> registry.createRegisteredModel("a/b", List.of(), null), ErrorCode.INVALID_PARAMETER_VALUE,
                "Invalid model name 'a/b'. Names cannot contain '/' or ':'.");
        assertCode(() -> registry.createRegisteredModel("a:b", List.of(), null), ErrorCode.INVALID_PARAMETER_VALUE,
                "Names cannot contain '/' or ':'.");
        for (String dots : List.of(".", "..", "..x")) {
            assertCode(() -> registry.createRegisteredModel(dots, List.of(), null),
                    ErrorCode.INVALID_PARAMETER_VALUE, "must not resolve to other names");
        }
        assertCode(() -> registry.getModelVersion("err", "abc"), ErrorCode.INVALID_PARAMETER_VALUE,
                "Parameter 'version' must be an integer, got 'abc'.");
        assertCode(() -> registry.transitionModelVersionStage("err", "1", "Production ", false),
                ErrorCode.INVALID_PARAMETER_VALUE, "Invalid Model Version stage: Production .");
        assertCode(() -> registry.transitionModelVersionStage("err", "1", "Nope", false),
                ErrorCode.INVALID_PARAMETER_VALUE, "Invalid Model Version stage");
        assertCode(() -> registry.searchRegisteredModels(null, 5000, null, null), ErrorCode.INVALID_PARAMETER_VALUE,
                "max_results");
        assertCode(() -> registry.createModelVersion(request("missing", "s3://b/m", null, List.of(), null)),
                ErrorCode.RESOURCE_DOES_NOT_EXIST, "missing");
    }

    // ---- aliases

    @Test
    void aliases_shouldResolveAndAppearOnViews_andRejectReservedNames() {
        RegistryService registry = service(null);
        registry.createRegisteredModel("al", List.of(), null);
        registry.createModelVersion(request("al", "s3://b/1", null, List.of(), null));
        registry.createModelVersion(request("al", "s3://b/2", null, List.of(), null));

        registry.setAlias("al", "champion", "2");
        registry.setAlias("al", "backup", "2");

        VersionView byAlias = registry.getModelVersionByAlias("al", "champion");
        assertThat(byAlias.version().version()).isEqualTo(2);
        assertThat(byAlias.aliases()).containsExactly("backup", "champion");
        assertThat(registry.getRegisteredModel("al").model().aliases()).containsEntry("champion", 2);
        assertThat(events.published).contains(new DomainEvent.ModelAliasSet("al", "champion", 2,
                eventTime(DomainEvent.ModelAliasSet.class, 0)));
        registry.deleteAlias("al", "champion");
        assertCode(() -> registry.getModelVersionByAlias("al", "champion"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "Registered model alias champion not found.");
        assertCode(() -> registry.setAlias("al", "latest", "1"), ErrorCode.INVALID_PARAMETER_VALUE, "reserved");
        assertCode(() -> registry.setAlias("al", "V12", "1"), ErrorCode.INVALID_PARAMETER_VALUE, "reserved");
        assertCode(() -> registry.setAlias("al", "bad alias", "1"), ErrorCode.INVALID_PARAMETER_VALUE,
                "Invalid alias name");
        assertCode(() -> registry.setAlias("al", "a".repeat(256), "1"), ErrorCode.INVALID_PARAMETER_VALUE,
                "length limit of 255");
        assertCode(() -> registry.setAlias("al", "ok", "7"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "not found");
    }

    // ---- stages and gates

    @Test
    void transition_shouldArchiveExisting_andReportArchivedVersions() {
        RegistryService registry = service(null);
        registry.createRegisteredModel("st", List.of(), null);
        for (int i = 0; i < 3; i++) {
            registry.createModelVersion(request("st", "s3://b/" + i, null, List.of(), null));
        }
        registry.transitionModelVersionStage("st", "1", "production", false);
        registry.transitionModelVersionStage("st", "2", "Production", false);

        VersionView moved = registry.transitionModelVersionStage("st", "3", "Production", true);

        assertThat(moved.version().stage()).isEqualTo(ModelStage.PRODUCTION);
        DomainEvent.ModelVersionStageChanged last = (DomainEvent.ModelVersionStageChanged)
                events.published.get(events.published.size() - 1);
        assertThat(last.version()).isEqualTo(3);
        assertThat(last.fromStage()).isEqualTo("None");
        assertThat(last.toStage()).isEqualTo("Production");
        assertThat(last.archivedVersions()).containsExactlyInAnyOrder(1, 2);
        assertThat(registry.getLatestVersions("st", List.of("Production", "Archived")))
                .extracting(v -> v.version().version()).containsExactly(3, 2);
        assertThat(registry.getRegisteredModel("st").latestVersions()).extracting(v -> v.version().stage())
                .containsExactly(ModelStage.PRODUCTION, ModelStage.ARCHIVED);
        assertCode(() -> registry.transitionModelVersionStage("st", "1", "Archived", true),
                ErrorCode.INVALID_PARAMETER_VALUE, "is not an Active stage");
    }

    @Test
    void stageGate_shouldRejectNamingTheFailedClause_andChangeNothing() throws Exception {
        RegistryService registry = service(
                "Production: metrics.accuracy >= 0.9 and tags.approved = 'true'; Staging: metrics.accuracy > 0.5");
        Run run = runWithModel(0.95);
        registry.createRegisteredModel("gated", List.of(), null);
        registry.createModelVersion(request("gated", "runs:/" + run.runId() + "/model", run.runId(), List.of(),
                null));
        int flushesBefore = events.flushes;

        assertCode(() -> registry.transitionModelVersionStage("gated", "1", "Production", true),
                ErrorCode.INVALID_PARAMETER_VALUE, "tags.approved = 'true'");

        assertThat(registry.getModelVersion("gated", "1").version().stage()).isEqualTo(ModelStage.NONE);
        DomainEvent.PromotionRejected rejected = events.published.stream()
                .filter(e -> e instanceof DomainEvent.PromotionRejected)
                .map(DomainEvent.PromotionRejected.class::cast).reduce((a, b) -> b).orElseThrow();
        assertThat(events.published.get(events.published.size() - 1))
                .isInstanceOfSatisfying(DomainEvent.OperationRejected.class, o -> {
                    assertThat(o.operation()).isEqualTo("stage");
                    assertThat(o.target()).isEqualTo("Production");
                });
        assertThat(rejected.target()).isEqualTo("Production");
        assertThat(rejected.version()).isEqualTo(1);
        assertThat(rejected.rule()).contains("metrics.accuracy >= 0.9");
        assertThat(events.flushes).isGreaterThan(flushesBefore);

        registry.setModelVersionTag("gated", "1", "approved", "true");
        assertThat(registry.transitionModelVersionStage("gated", "1", "Production", true).version().stage())
                .isEqualTo(ModelStage.PRODUCTION);
        assertThat(registry.transitionModelVersionStage("gated", "1", "Staging", false).version().stage())
                .isEqualTo(ModelStage.STAGING);
    }

    @Test
    void aliasGate_shouldApplyToNamedAndWildcardAliases() throws Exception {
        RegistryService registry = service("alias:champion: metrics.accuracy >= 0.95; alias:*: metrics.accuracy > 0.1");
        Run weak = runWithModel(0.9);
        registry.createRegisteredModel("ag", List.of(), null);
        registry.createModelVersion(request("ag", "runs:/" + weak.runId() + "/model", weak.runId(), List.of(), null));
        registry.createModelVersion(request("ag", "s3://b/no-metrics", null, List.of(), null));

        assertCode(() -> registry.setAlias("ag", "champion", "1"), ErrorCode.INVALID_PARAMETER_VALUE,
                "metrics.accuracy >= 0.95");
        assertCode(() -> registry.setAlias("ag", "anything", "2"), ErrorCode.INVALID_PARAMETER_VALUE,
                "metrics.accuracy > 0.1");
        registry.setAlias("ag", "challenger", "1");

        assertThat(registry.getRegisteredModel("ag").model().aliases()).isEqualTo(Map.of("challenger", 1));
        assertThat(events.published).filteredOn(e -> e instanceof DomainEvent.PromotionRejected).hasSize(2);
    }

    @Test
    void integrityGate_shouldLetOnlyVerifiedVersionsIntoProduction() throws Exception {
        RegistryService registry = service("Production: tags.`mlops.integrity` = 'verified'");
        Run run = runWithModel(0.9);
        registry.createRegisteredModel("ig", List.of(), null);
        registry.createModelVersion(request("ig", "runs:/" + run.runId() + "/model", run.runId(), List.of(), null));
        registry.createModelVersion(request("ig", "s3://elsewhere/model", null, List.of(), null));

        assertCode(() -> registry.transitionModelVersionStage("ig", "2", "Production", false),
                ErrorCode.INVALID_PARAMETER_VALUE, "tags.`mlops.integrity` = 'verified'");
        assertThat(registry.transitionModelVersionStage("ig", "1", "Production", false).version().stage())
                .isEqualTo(ModelStage.PRODUCTION);
        assertThat(registry.getModelVersion("ig", "2").version().stage()).isEqualTo(ModelStage.NONE);
    }

    @Test
    void gatesParse_shouldRefuseMalformedConfig() {
        assertInvalid(() -> PreHooks.parse("Production metrics.accuracy > 1"));
        assertInvalid(() -> PreHooks.parse("Prod: metrics.accuracy > 1"));
        assertInvalid(() -> PreHooks.parse("Production: metrics.accuracy >> 1"));
        assertInvalid(() -> PreHooks.parse("alias:latest: metrics.a > 1"));
        assertThat(PreHooks.parse("Production: tags.note = 'a;b' AND metrics.x > 1").rules().get(0)
                .clauses()).extracting(PreHooks.Clause::text)
                .containsExactly("tags.note = 'a;b'", "metrics.x > 1");
    }

    // ---- models

    @Test
    void renameAndUpdateAndDelete_shouldFollowMlflow() {
        RegistryService registry = service(null);
        registry.createRegisteredModel("r1", List.of(new Tag("team", "a")), "first");
        registry.createModelVersion(request("r1", "s3://b/1", null, List.of(), null));

        ModelView renamed = registry.renameRegisteredModel("r1", "r2");
        ModelView updated = registry.updateRegisteredModel("r2", "second");

        assertThat(renamed.model().name()).isEqualTo("r2");
        assertThat(renamed.latestVersions()).extracting(v -> v.version().name()).containsExactly("r2");
        assertThat(updated.model().description()).isEqualTo("second");
        assertThat(registry.searchModelVersions("name = 'r2'", null, null, null).versions()).hasSize(1);
        registry.deleteRegisteredModel("r2");
        assertCode(() -> registry.getRegisteredModel("r2"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "not found");
    }

    // ---- helpers

    private Run runWithModel(double accuracy) throws Exception {
        Run run = tracking.createRun("0", "u", "train", null, List.of(), null);
        tracking.logParam(run.runId(), "depth", "7");
        tracking.logMetric(run.runId(), new MetricPoint("accuracy", accuracy, 1, 0));
        put(run, "model/MLmodel", MLMODEL);
        put(run, "model/model.pkl", "weights");
        return run;
    }

    private void put(Run run, String relative, String content) {
        ArtifactPath root = ArtifactService.storePath(LocalBackend.ARTIFACT_ROOT_URI, run.info().artifactUri());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        backend.artifacts().put(root.resolve(ArtifactPath.parse(relative)), new ByteArrayInputStream(bytes),
                bytes.length);
    }

    private static NewVersionRequest request(String name, String source, String runId, List<Tag> tags, String key) {
        return new NewVersionRequest(name, source, runId, tags, null, null, null, "tester", key);
    }

    private long eventTime(Class<? extends DomainEvent> type, int index) {
        return events.published.stream().filter(type::isInstance).toList().get(index).timestamp();
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertInvalid(ThrowingCallable call) {
        assertCode(call, ErrorCode.INVALID_PARAMETER_VALUE, "");
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOf(MlopsException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(code));
    }

    private static final class RecordingEvents implements EventPublisher {
        final List<DomainEvent> published = new ArrayList<>();
        int flushes;

        @Override
        public synchronized void publish(DomainEvent event) {
            published.add(event);
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }
    }
}

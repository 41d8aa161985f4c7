package dev.mlops.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.audit.AuditEntry;
import dev.mlops.core.audit.AuditQuery;
import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.LoggedModelStatus;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelMetric;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.port.AuditLog;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.HealthStatusStore;
import dev.mlops.core.port.LoggedModelQuery;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.core.port.VersionQuery;
import dev.mlops.core.port.WebhookStore;
import dev.mlops.core.search.OrderByParser;
import dev.mlops.core.search.SearchFilter;
import dev.mlops.core.search.SearchFilterParser;
import dev.mlops.core.webhook.Webhook;
import dev.mlops.core.webhook.WebhookEvent;
import dev.mlops.databricks.store.DatabricksHealthStatusStore;
import dev.mlops.testsupport.databricks.LocalWarehouse;
import dev.mlops.testsupport.databricks.StatementFacade;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The subset that {@code ./mlops test} runs: every method of every port once, on the real driver against Spark SQL
 * + Delta, with every written value made hostile (quotes, backslashes, comment markers, a statement separator, a
 * parameter marker, non-ASCII). Each value must come back exactly as written, and no value may ever appear in the
 * text of a statement the warehouse received: values travel only as bound parameters. The full contract suites run
 * with {@code ./mlops test --databricks-full}.
 */
class DatabricksPortsTest {

    /** Everything that breaks SQL built by concatenation. */
    static final String NASTY = "it's \"q\" \\ back\\\\slash -- c /* b */ ; DROP TABLE x; ? ${v} é漢 '";

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @AfterAll
    static void noValueInAnyStatementText() {
        System.out.println("[databricks] engine time so far: " + LocalWarehouse.get().facade().timings());
        List<StatementFacade.Received> received = LocalWarehouse.get().facade().received();
        assertThat(received).isNotEmpty();
        assertThat(received).noneSatisfy(r -> assertThat(r.statement()).contains("DROP TABLE x"));
        assertThat(received).noneSatisfy(r -> assertThat(r.statement()).contains("é漢"));
        assertThat(received).anySatisfy(r -> assertThat(r.parameterValues()).anySatisfy(v ->
                assertThat(v).contains("DROP TABLE x")));
    }

    private String nasty(String what) {
        return what + "-" + tag + "-" + NASTY;
    }

    @Test
    void metadataStore_everyMethod() {
        MetadataStore store = TestWarehouse.sharedBackend().metadata();
        String name = nasty("exp");
        Experiment e = store.createExperiment(new NewExperiment(name, null, Map.of(nasty("k"), nasty("v")), 10));

        assertThat(store.getExperiment(e.experimentId())).contains(e);
        assertThat(store.getExperimentByName(name)).contains(e);
        assertThat(e.tags()).containsEntry(nasty("k"), nasty("v"));
        assertThat(e.artifactLocation()).isEqualTo(TestWarehouse.ARTIFACT_ROOT + "/" + e.experimentId());
        assertThatThrownBy(() -> store.createExperiment(new NewExperiment(name, null, Map.of(), 11)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        Experiment renamed = store.updateExperiment(e.withName(nasty("renamed"), 12));
        assertThat(store.getExperimentByName(name)).isEmpty();
        assertThat(store.searchExperiments(new ExperimentQuery(SearchFilterParser.parseExperimentFilter(
                "name LIKE 'renamed-" + tag + "%'"), List.of(), ViewType.ACTIVE_ONLY, 10, null)).items())
                .containsExactly(renamed);

        String id = e.experimentId();
        Run run = newRun(id);
        assertThat(store.insertRun(run)).isTrue();
        assertThat(store.insertRun(run)).as("a retried create-run inserts nothing").isFalse();
        store.updateRunData(run.runId(), new RunUpdate(Map.of(nasty("p"), nasty("pv")),
                Map.of(nasty("t"), nasty("tv"), "drop", "x"), List.of(),
                List.of(new MetricPoint(nasty("m"), 0.5, 100, 1), new MetricPoint(nasty("m"), Double.NaN, 90, 2))));
        store.updateRunData(run.runId(), new RunUpdate(Map.of(), Map.of(), List.of("drop"), List.of()));
        assertThatThrownBy(() -> store.updateRunData(run.runId(), new RunUpdate(Map.of(nasty("p"), "other"),
                Map.of("never", "written"), List.of(), List.of())))
                .isInstanceOf(InvalidParameterException.class);
        DatasetInput input = new DatasetInput(List.of(new Tag("mlflow.data.context", nasty("ctx"))),
                new DatasetInput.Dataset(nasty("ds"), "d1", "local", "{\"a\": \"'\"}", null, null));
        store.addRunInputs(run.runId(), List.of(input), List.of(nasty("model")));
        Run stored = store.addRunInputs(run.runId(), List.of(input), List.of(nasty("model")));
        store.addRunOutputs(run.runId(), List.of(new ModelOutput(nasty("out"), 3)));
        assertThat(store.addRunOutputs(run.runId(), List.of(new ModelOutput(nasty("out"), 3),
                new ModelOutput(nasty("out"), 4))).modelOutputs())
                .containsExactly(new ModelOutput(nasty("out"), 3), new ModelOutput(nasty("out"), 4));
        RunInfo i = run.info();
        store.updateRunInfo(new RunInfo(i.runId(), id, nasty("name"), i.userId(), RunStatus.FINISHED,
                i.startTime(), 99L, i.artifactUri(), i.lifecycleStage()));

        Run read = store.getRun(run.runId()).orElseThrow();
        assertThat(read.params()).isEqualTo(Map.of(nasty("p"), nasty("pv")));
        assertThat(read.tags()).isEqualTo(Map.of(nasty("t"), nasty("tv")));
        assertThat(read.latestMetrics().get(nasty("m")).value()).isNaN();
        assertThat(stored.datasetInputs()).containsExactly(input);
        assertThat(read.modelInputs()).containsExactly(nasty("model"));
        assertThat(read.info().runName()).isEqualTo(nasty("name"));
        assertThat(read.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(store.searchRuns(new RunQuery(List.of(id), SearchFilter.ALL,
                OrderByParser.parseRunOrderBy(List.of("start_time DESC")), ViewType.ALL, 10, null)).items())
                .extracting(Run::runId).containsExactly(run.runId());

        store.setRunsLifecycle(id, LifecycleStage.ACTIVE, LifecycleStage.DELETED);
        assertThat(store.getRun(run.runId()).orElseThrow().info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    }

    @Test
    void metricBuffer_everyMethod() {
        MetricBuffer buffer = (MetricBuffer) TestWarehouse.sharedBackend().metrics();
        String runId = "run-" + tag;
        List<MetricPoint> batch = List.of(new MetricPoint(nasty("loss"), 1.5, 1000, 0),
                new MetricPoint(nasty("loss"), Double.NEGATIVE_INFINITY, 1001, 1), new MetricPoint("acc", 0.5, 1, 0));

        assertThat(buffer.append("7", runId, batch)).isEqualTo(3);
        assertThat(buffer.append("7", runId, batch)).as("a retried log-batch stores nothing").isEqualTo(3);
        assertThat(buffer.read(runId, nasty("loss"), 0, 10, 0, 100)).containsExactly(batch.get(0), batch.get(1));
        assertThat(buffer.pendingRuns()).anySatisfy(r -> assertThat(r.runId()).isEqualTo(runId));

        BufferSnapshot snapshot = buffer.snapshot(runId);
        assertThat(snapshot.batches()).hasSize(1);
        LakeManifest next = snapshot.manifest().next(List.of(new LakeManifest.LakeFile("part-" + tag + ".parquet",
                3, snapshot.batchIds())), snapshot.batchIds());
        assertThat(buffer.commit(snapshot.manifest(), next)).isTrue();
        assertThat(buffer.commit(snapshot.manifest(), next)).as("a stale version loses").isFalse();
        assertThat(buffer.manifest(runId)).isEqualTo(next);
        buffer.release(runId, snapshot.batchIds());

        assertThat(buffer.snapshot(runId).batches()).isEmpty();
        assertThat(buffer.append("7", runId, batch)).as("a released batch is still recognised").isZero();
        assertThat(buffer.pendingRuns()).noneSatisfy(r -> assertThat(r.runId()).isEqualTo(runId));
    }

    @Test
    void registryStore_everyMethod() {
        RegistryStore store = TestWarehouse.sharedBackend().registry();
        String name = nasty("model");
        store.createModel(new RegisteredModel(name, 1, 1, nasty("about"), Map.of(nasty("k"), nasty("v")), Map.of()));
        assertThatThrownBy(() -> store.createModel(new RegisteredModel(name, 1, 1, null, Map.of(), Map.of())))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        store.updateModelDescription(name, nasty("desc"), 2);
        store.setModelTag(name, nasty("k2"), nasty("v2"), 3);
        store.deleteModelTag(name, nasty("k"), 4);

        ModelVersion v1 = store.createVersion(version(name, nasty("s3://b/1"), null));
        ModelVersion v2 = store.createVersion(version(name, "s3://b/2", "key-" + tag));
        ModelVersion replay = store.createVersion(version(name, "s3://b/2", "key-" + tag));
        assertThat(List.of(v1.version(), v2.version(), replay.version())).containsExactly(1, 2, 2);
        assertThat(v1.source()).isEqualTo(nasty("s3://b/1"));
        store.setVersionTag(name, 1, nasty("vt"), nasty("vv"), 5);
        store.setVersionTag(name, 1, "gone", "x", 5);
        store.deleteVersionTag(name, 1, "gone", 6);
        store.updateVersion(new ModelVersion(name, 1, 0, 7, null, ModelStage.NONE, nasty("vdesc"), "ignored", null,
                null, VersionStatus.FAILED_REGISTRATION, nasty("why"), Map.of(), null));
        store.setAlias(name, nasty("champion"), 1, 8);
        store.setAlias(name, "old", 2, 8);
        store.deleteAlias(name, "old", 9);
        store.transitionStage(name, 1, ModelStage.PRODUCTION, false, 10);
        store.transitionStage(name, 2, ModelStage.PRODUCTION, true, 11);

        String newName = nasty("renamed");
        store.renameModel(name, newName, 12);
        RegisteredModel model = store.getModel(newName).orElseThrow();
        assertThat(model.description()).isEqualTo(nasty("desc"));
        assertThat(model.tags()).isEqualTo(Map.of(nasty("k2"), nasty("v2")));
        assertThat(model.aliases()).isEqualTo(Map.of(nasty("champion"), 1));
        ModelVersion first = store.getVersion(newName, 1).orElseThrow();
        assertThat(first.tags()).isEqualTo(Map.of(nasty("vt"), nasty("vv")));
        assertThat(first.statusMessage()).isEqualTo(nasty("why"));
        assertThat(store.versionsOf(newName)).extracting(ModelVersion::stage)
                .containsExactly(ModelStage.ARCHIVED, ModelStage.PRODUCTION);
        assertThat(store.searchModels(new ModelQuery(SearchFilterParser.parseModelFilter(
                "name LIKE 'renamed-" + tag + "%'"), List.of(), 10, null)).items()).extracting(RegisteredModel::name)
                .containsExactly(newName);
        assertThat(store.searchVersions(new VersionQuery(SearchFilterParser.parseModelVersionFilter(
                "name LIKE 'renamed-" + tag + "%'"), List.of("version_number DESC"), 10, null)).items())
                .extracting(ModelVersion::version).containsExactly(2, 1);

        ModelVersion rolledBack = store.rollBack(newName, 1, List.of(nasty("champion"), nasty("prod")), 13);
        assertThat(rolledBack.stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(store.getModel(newName).orElseThrow().aliases())
                .isEqualTo(Map.of(nasty("champion"), 1, nasty("prod"), 1));
        assertThat(store.getVersion(newName, 2).orElseThrow().stage()).isEqualTo(ModelStage.ARCHIVED);

        store.deleteVersion(newName, 2);
        assertThat(store.createVersion(version(newName, "s3://b/3", null)).version()).as("never reused")
                .isEqualTo(3);
        store.deleteModel(newName);
        assertThat(store.getModel(newName)).isEmpty();
        assertThatThrownBy(() -> store.versionsOf(newName)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void loggedModelStore_everyMethod() {
        var store = TestWarehouse.sharedBackend().loggedModels();
        String experiment = "lm-" + tag;
        LoggedModel model = new LoggedModel("m-" + tag, experiment, nasty("clf"), "mlflow-artifacts:/x", 5, 5,
                nasty("type"), null, LoggedModelStatus.PENDING, null, LifecycleStage.ACTIVE,
                Map.of(nasty("t"), nasty("v")), Map.of(nasty("p"), nasty("pv")));

        assertThat(store.insert(model)).isTrue();
        assertThat(store.insert(model)).isFalse();
        LoggedModel ready = store.update(model.modelId(), m -> m.withStatus(LoggedModelStatus.READY, nasty("ok"), 6)
                .withMetrics(List.of(new ModelMetric(nasty("acc"), Double.NaN, 7, 1, nasty("run"), nasty("ds"),
                        nasty("digest")), new ModelMetric("loss", 0.25, 7, 1, null, null, null)), 7));
        assertThat(ready.metrics()).hasSize(2);

        assertThat(store.get(model.modelId())).contains(ready);
        assertThat(store.search(new LoggedModelQuery(List.of(experiment), SearchFilter.ALL, List.of(), 10, null))
                .items()).containsExactly(ready);
        assertThatThrownBy(() -> store.update("m-missing-" + tag, m -> m))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void auditLogWebhooksAndHealth_everyMethod() {
        AuditLog audit = TestWarehouse.sharedBackend().audit();
        AuditEntry entry = AuditEntry.of(System.currentTimeMillis() - 1_000, nasty("actor"), nasty("action"),
                List.of(nasty("run/"), "experiment/1"), nasty("outcome"), nasty("request"));
        audit.append(List.of(entry, entry));
        assertThat(audit.search(new AuditQuery(nasty("actor"), nasty("action"), nasty("run/"), null, null, 10, null))
                .items()).containsExactly(entry);

        WebhookStore webhooks = TestWarehouse.sharedBackend().webhooks();
        Webhook hook = new Webhook("wh-" + tag, nasty("hook"), nasty("about"), "https://example.com/" + nasty("p"),
                List.of(WebhookEvent.MODEL_VERSION_CREATED), Webhook.Status.ACTIVE, 1, 1, nasty("v1:sealed"));
        webhooks.create(hook);
        Webhook changed = new Webhook(hook.id(), nasty("renamed"), null, hook.url(),
                List.of(WebhookEvent.MODEL_VERSION_TAG_SET), Webhook.Status.DISABLED, 1, 2, null);
        webhooks.update(changed);
        assertThat(webhooks.get(hook.id())).contains(changed);
        assertThat(webhooks.list()).contains(changed);
        webhooks.delete(hook.id());
        assertThat(webhooks.get(hook.id())).isEmpty();

        DatabricksSettings settings = TestWarehouse.isolated("ports_health", DeltaSchema.HEALTH_STATUS);
        HealthStatusStore health = new DatabricksHealthStatusStore(TestWarehouse.shared().warehouse(), settings);
        HealthStatusStore.Recorded first = new HealthStatusStore.Recorded(nasty("UP"), 1);
        assertThat(health.replace(health.last(), first)).isTrue();
        assertThat(health.replace(health.last(), new HealthStatusStore.Recorded(nasty("DOWN"), 2))).isTrue();
        assertThat(health.replace(Optional.of(first), first)).as("a stale expectation loses").isFalse();
        assertThat(health.last()).contains(new HealthStatusStore.Recorded(nasty("DOWN"), 2));
    }

    private static Run newRun(String experimentId) {
        String id = UUID.randomUUID().toString().replace("-", "");
        return new Run(new RunInfo(id, experimentId, "run", "tester", RunStatus.RUNNING, 1000, null,
                "mlflow-artifacts:/" + experimentId + "/" + id + "/artifacts", LifecycleStage.ACTIVE),
                Map.of(), Map.of(), Map.of(), List.of(), List.of());
    }

    private NewModelVersion version(String name, String source, String key) {
        return new NewModelVersion(name, source, nasty("run"), null, nasty("d"), nasty("user"), Map.of(), null,
                VersionStatus.READY, null, 100, key, key == null ? 0 : 10_000);
    }
}

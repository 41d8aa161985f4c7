package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.core.search.OrderByParser;
import dev.mlops.core.search.SearchFilter;
import dev.mlops.core.search.SearchFilterParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link MetadataStore} must do. Each backend's test extends this and supplies a fresh store. */
public abstract class MetadataStoreContract {

    protected abstract MetadataStore store();

    @Test
    void defaultExperiment_shouldExist_whenStoreIsNew() {
        Experiment defaultExperiment = store().getExperiment(Experiment.DEFAULT_ID).orElseThrow();

        assertThat(defaultExperiment.name()).isEqualTo(Experiment.DEFAULT_NAME);
        assertThat(defaultExperiment.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void createExperiment_shouldAssignDistinctIdsAndDefaultLocation() {
        Experiment a = store().createExperiment(newExperiment(unique("a")));
        Experiment b = store().createExperiment(newExperiment(unique("b")));

        assertThat(a.experimentId()).isNotEqualTo(b.experimentId());
        assertThat(a.artifactLocation()).endsWith("/" + a.experimentId());
        assertThat(store().getExperimentByName(a.name())).contains(a);
    }

    @Test
    void createExperiment_shouldKeepGivenArtifactLocationAndTags() {
        Experiment e = store().createExperiment(new NewExperiment(unique("loc"), "file:///somewhere",
                Map.of("team", "vision"), 1000));

        Experiment stored = store().getExperiment(e.experimentId()).orElseThrow();
        assertThat(stored.artifactLocation()).isEqualTo("file:///somewhere");
        assertThat(stored.tags()).containsEntry("team", "vision");
        assertThat(stored.creationTime()).isEqualTo(1000);
    }

    @Test
    void createExperiment_shouldRefuse_whenNameIsTaken() {
        String name = unique("dup");
        store().createExperiment(newExperiment(name));

        assertThatThrownBy(() -> store().createExperiment(newExperiment(name)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void createExperiment_shouldLetExactlyOneWin_whenNamesRaceConcurrently() throws Exception {
        String name = unique("race");
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            attempts.add(() -> {
                try {
                    store().createExperiment(newExperiment(name));
                    return true;
                } catch (ResourceAlreadyExistsException e) {
                    return false;
                }
            });
        }

        long winners = runAll(attempts).stream().filter(Boolean::booleanValue).count();

        assertThat(winners).isEqualTo(1);
    }

    @Test
    void updateExperiment_shouldRefuseRename_whenNewNameIsTaken() {
        Experiment a = store().createExperiment(newExperiment(unique("a")));
        Experiment b = store().createExperiment(newExperiment(unique("b")));

        assertThatThrownBy(() -> store().updateExperiment(a.withName(b.name(), 5)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThat(store().getExperiment(a.experimentId()).orElseThrow().name()).isEqualTo(a.name());
    }

    @Test
    void updateExperiment_shouldMakeOldNameFree_whenRenamed() {
        Experiment a = store().createExperiment(newExperiment(unique("old")));
        String newName = unique("new");

        store().updateExperiment(a.withName(newName, 5));

        assertThat(store().getExperimentByName(newName)).isPresent();
        assertThat(store().getExperimentByName(a.name())).isEmpty();
        store().createExperiment(newExperiment(a.name()));
    }

    @Test
    void searchExperiments_shouldFilterByViewTypeAndPage() {
        String prefix = unique("page");
        for (int i = 0; i < 5; i++) {
            store().createExperiment(newExperiment(prefix + "-" + i));
        }
        Experiment deleted = store().createExperiment(newExperiment(prefix + "-deleted"));
        store().updateExperiment(deleted.withLifecycle(LifecycleStage.DELETED, 9));
        SearchFilter filter = SearchFilterParser.parseExperimentFilter("name LIKE '" + prefix + "%'");

        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Page<Experiment> page = store().searchExperiments(new ExperimentQuery(filter,
                    OrderByParser.parseExperimentOrderBy(List.of("name ASC")), ViewType.ACTIVE_ONLY, 2, token));
            page.items().forEach(e -> seen.add(e.name()));
            token = page.nextPageToken();
        } while (token != null);

        assertThat(seen).containsExactly(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4");
        Page<Experiment> onlyDeleted = store().searchExperiments(new ExperimentQuery(filter, List.of(),
                ViewType.DELETED_ONLY, 10, null));
        assertThat(onlyDeleted.items()).extracting(Experiment::name).containsExactly(prefix + "-deleted");
    }

    @Test
    void insertRun_shouldBeIdempotent_whenTheSameRunIsInsertedTwice() {
        Run run = newRun(experiment());

        boolean first = store().insertRun(run);
        boolean second = store().insertRun(run);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store().getRun(run.runId())).contains(run);
        assertThat(searchAll(run.info().experimentId(), SearchFilter.ALL)).hasSize(1);
    }

    @Test
    void updateRunData_shouldApplyParamsTagsAndLatestMetrics() {
        Run run = insert(newRun(experiment()));

        store().updateRunData(run.runId(), new RunUpdate(Map.of("lr", "0.1"), Map.of("t", "1"), List.of(),
                List.of(new MetricPoint("loss", 0.5, 10, 1), new MetricPoint("loss", 0.9, 5, 0))));
        store().updateRunData(run.runId(), new RunUpdate(Map.of("lr", "0.1"), Map.of("t", "2"), List.of(),
                List.of(new MetricPoint("loss", 0.4, 20, 2))));

        Run stored = store().getRun(run.runId()).orElseThrow();
        assertThat(stored.params()).containsEntry("lr", "0.1");
        assertThat(stored.tags()).containsEntry("t", "2");
        assertThat(stored.latestMetrics().get("loss").value()).isEqualTo(0.4);
    }

    @Test
    void updateRunData_shouldKeepLatestByStepThenTimestamp_whenOlderPointArrivesLater() {
        Run run = insert(newRun(experiment()));

        store().updateRunData(run.runId(), latest(new MetricPoint("acc", 0.9, 100, 5)));
        store().updateRunData(run.runId(), latest(new MetricPoint("acc", 0.1, 999, 4)));

        assertThat(store().getRun(run.runId()).orElseThrow().latestMetrics().get("acc").value()).isEqualTo(0.9);
    }

    @Test
    void updateRunData_shouldWriteNothing_whenAParamClashes() {
        Run run = insert(newRun(experiment()));
        store().updateRunData(run.runId(), new RunUpdate(Map.of("lr", "0.1"), Map.of(), List.of(), List.of()));

        assertThatThrownBy(() -> store().updateRunData(run.runId(), new RunUpdate(Map.of("lr", "0.2", "bs", "32"),
                Map.of("t", "x"), List.of(), List.of(new MetricPoint("m", 1, 1, 1)))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("lr");

        Run stored = store().getRun(run.runId()).orElseThrow();
        assertThat(stored.params()).containsExactlyEntriesOf(Map.of("lr", "0.1"));
        assertThat(stored.tags()).doesNotContainKey("t");
        assertThat(stored.latestMetrics()).isEmpty();
    }

    @Test
    void updateRunData_shouldDeleteTags() {
        Run run = insert(newRun(experiment()));
        store().updateRunData(run.runId(), RunUpdate.tags(Map.of("a", "1", "b", "2")));

        store().updateRunData(run.runId(), new RunUpdate(Map.of(), Map.of(), List.of("a"), List.of()));

        assertThat(store().getRun(run.runId()).orElseThrow().tags()).doesNotContainKey("a").containsKey("b");
    }

    @Test
    void updateRunData_shouldKeepEveryWrite_whenUpdatesRaceOnOneRun() throws Exception {
        Run run = insert(newRun(experiment()));
        List<Callable<Boolean>> writers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            writers.add(() -> {
                store().updateRunData(run.runId(), RunUpdate.tags(Map.of("tag" + n, "v")));
                return true;
            });
        }

        runAll(writers);

        assertThat(store().getRun(run.runId()).orElseThrow().tags()).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void updateRunInfo_shouldReplaceHeader() {
        Run run = insert(newRun(experiment()));
        RunInfo i = run.info();

        store().updateRunInfo(new RunInfo(i.runId(), i.experimentId(), "renamed", i.userId(), RunStatus.FINISHED,
                i.startTime(), 99L, i.artifactUri(), i.lifecycleStage()));

        RunInfo stored = store().getRun(run.runId()).orElseThrow().info();
        assertThat(stored.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(stored.endTime()).isEqualTo(99L);
        assertThat(stored.runName()).isEqualTo("renamed");
    }

    @Test
    void addRunInputs_shouldIgnoreDuplicates() {
        Run run = insert(newRun(experiment()));
        DatasetInput input = new DatasetInput(List.of(new Tag("mlflow.data.context", "train")),
                new DatasetInput.Dataset("iris", "abc123", "local", "{}", null, null));

        store().addRunInputs(run.runId(), List.of(input), List.of("m-1"));
        store().addRunInputs(run.runId(), List.of(input), List.of("m-1"));

        Run stored = store().getRun(run.runId()).orElseThrow();
        assertThat(stored.datasetInputs()).containsExactly(input);
        assertThat(stored.modelInputs()).containsExactly("m-1");
    }

    @Test
    void addRunOutputs_shouldKeepOrderAndIgnoreDuplicates_andSurviveDataUpdates() {
        Run run = insert(newRun(experiment()));

        store().addRunOutputs(run.runId(), List.of(new ModelOutput("m-a", 1), new ModelOutput("m-b", 3)));
        store().addRunOutputs(run.runId(), List.of(new ModelOutput("m-a", 1), new ModelOutput("m-a", 2)));
        store().updateRunData(run.runId(), RunUpdate.tags(Map.of("k", "v")));

        assertThat(store().getRun(run.runId()).orElseThrow().modelOutputs()).containsExactly(
                new ModelOutput("m-a", 1), new ModelOutput("m-b", 3), new ModelOutput("m-a", 2));
    }

    @Test
    void searchRuns_shouldFilterOnMetricsParamsAndTags_andFindChildren() {
        String experimentId = experiment();
        Run parent = insert(newRun(experimentId));
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Run child = insert(newRun(experimentId));
            store().updateRunData(child.runId(), new RunUpdate(Map.of("lr", "0." + i),
                    Map.of(Run.PARENT_RUN_TAG, parent.runId()), List.of(),
                    List.of(new MetricPoint("acc", 0.5 + i / 10.0, 1, 1))));
            children.add(child.runId());
        }

        List<Run> kids = searchAll(experimentId, SearchFilterParser.parseRunFilter(
                "tags.mlflow.parentRunId = '" + parent.runId() + "'"));
        List<Run> good = searchAll(experimentId, SearchFilterParser.parseRunFilter(
                "metrics.acc >= 0.6 and params.lr != '0.3'"));

        assertThat(kids).extracting(Run::runId).containsExactlyInAnyOrderElementsOf(children);
        assertThat(good).extracting(Run::runId).containsExactlyInAnyOrder(children.get(1), children.get(2));
    }

    @Test
    void searchRuns_shouldPageThroughEveryRunOnce_inRequestedOrder() {
        String experimentId = experiment();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            Run run = insert(newRun(experimentId));
            store().updateRunData(run.runId(), latest(new MetricPoint("loss", 10 - i, 1, 1)));
            created.add(run.runId());
        }

        List<Double> losses = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Page<Run> page = store().searchRuns(new RunQuery(List.of(experimentId), SearchFilter.ALL,
                    OrderByParser.parseRunOrderBy(List.of("metrics.loss ASC")), ViewType.ACTIVE_ONLY, 3, token));
            page.items().forEach(r -> {
                seen.add(r.runId());
                losses.add(r.latestMetrics().get("loss").value());
            });
            token = page.nextPageToken();
        } while (token != null);

        assertThat(seen).hasSize(7).containsExactlyInAnyOrderElementsOf(created);
        assertThat(losses).isSorted();
    }

    @Test
    void setRunsLifecycle_shouldMoveOnlyRunsInTheFromStage() {
        String experimentId = experiment();
        Run a = insert(newRun(experimentId));
        Run b = insert(newRun(experimentId));

        store().setRunsLifecycle(experimentId, LifecycleStage.ACTIVE, LifecycleStage.DELETED);

        assertThat(store().getRun(a.runId()).orElseThrow().info().lifecycleStage())
                .isEqualTo(LifecycleStage.DELETED);
        assertThat(store().getRun(b.runId()).orElseThrow().info().lifecycleStage())
                .isEqualTo(LifecycleStage.DELETED);
        assertThat(store().searchRuns(new RunQuery(List.of(experimentId), SearchFilter.ALL, List.of(),
                ViewType.ACTIVE_ONLY, 10, null)).items()).isEmpty();
    }

    // ---- fixtures

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected String experiment() {
        return store().createExperiment(newExperiment(unique("exp"))).experimentId();
    }

    protected static NewExperiment newExperiment(String name) {
        return new NewExperiment(name, null, Map.of(), System.currentTimeMillis());
    }

    protected static Run newRun(String experimentId) {
        String id = UUID.randomUUID().toString().replace("-", "");
        RunInfo info = new RunInfo(id, experimentId, "run-" + id.substring(0, 4), "tester", RunStatus.RUNNING,
                System.currentTimeMillis(), null, "mlflow-artifacts:/" + experimentId + "/" + id + "/artifacts",
                LifecycleStage.ACTIVE);
        return new Run(info, Map.of(), Map.of(), Map.of(), List.of(), List.of());
    }

    protected Run insert(Run run) {
        assertThat(store().insertRun(run)).isTrue();
        return run;
    }

    private static RunUpdate latest(MetricPoint point) {
        return new RunUpdate(Map.of(), Map.of(), List.of(), List.of(point));
    }

    private List<Run> searchAll(String experimentId, SearchFilter filter) {
        return store().searchRuns(new RunQuery(List.of(experimentId), filter, List.of(), ViewType.ALL, 1000, null))
                .items();
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

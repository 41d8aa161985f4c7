package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelMetric;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.Page;
import dev.mlops.core.service.ArtifactUris;
import dev.mlops.core.service.BatchRequest;
import dev.mlops.core.service.FlushPolicy;
import dev.mlops.core.service.LoggedModelService;
import dev.mlops.core.service.SeriesPoint;
import dev.mlops.core.service.TrackingService;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MLflow's tracking rules, end to end through {@link TrackingService}, against every backend: each backend's test
 * extends this and opens a fresh backend. The same behaviour on every backend is the point.
 */
public abstract class TrackingServiceContract {

    private Backend backend;
    protected TrackingService service;
    protected final List<DomainEvent> events = Collections.synchronizedList(new ArrayList<>());
    protected final InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_000L));

    /** A fresh, empty backend whose stores use the given clock where they keep time. */
    protected abstract Backend openBackend(InstantSource clock) throws Exception;

    @BeforeEach
    void openService() throws Exception {
        backend = openBackend(clock);
        service = new TrackingService(backend.metadata(), backend.metrics(), backend.loggedModels(), events::add,
                clock, FlushPolicy.NONE, new ArtifactUris(Set.of(), Path.of("/srv/mlops")));
    }

    @AfterEach
    void closeBackend() throws Exception {
        backend.close();
    }

    @Test
    void defaultExperiment_shouldBeExperimentZeroNamedDefault() {
        Experiment experiment = service.getExperimentByName("Default");

        assertThat(experiment.experimentId()).isEqualTo("0");
        assertThat(experiment.artifactLocation()).isEqualTo(backend.artifactRootUri() + "/0");
    }

    @Test
    void createRun_shouldUseProxiedArtifactUri_inTheDefaultExperiment() {
        Run run = service.createRun("0", "alice", "first", 5L, List.of(), null);

        assertThat(run.info().experimentId()).isEqualTo("0");
        assertThat(run.info().artifactUri()).isEqualTo(backend.artifactRootUri() + "/0/" + run.runId() + "/artifacts");
        assertThat(run.info().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.tags()).containsEntry(Run.RUN_NAME_TAG, "first");
        assertThat(events).anyMatch(e -> e instanceof DomainEvent.RunCreated created
                && created.runId().equals(run.runId()));
    }

    @Test
    void createRun_shouldRefuseAndWriteNothing_whenNoExperimentIsNamed() {
        assertThatThrownBy(() -> service.createRun(null, "alice", "first", 5L, List.of(), null))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("Missing value for required parameter 'experiment_id'.");
        assertThatThrownBy(() -> service.createRun("", null, null, null, List.of(), null))
                .isInstanceOf(InvalidParameterException.class);

        assertThat(service.searchRuns(List.of("0"), null, ViewType.ALL, null, null, null).items()).isEmpty();
    }

    @Test
    void createRun_shouldMakeTwoRuns_whenTwoIdenticalRequestsCarryNoIdempotencyKey() {
        List<Tag> tags = List.of(new Tag("mlflow.user", "alice"), new Tag("mlflow.source.name", "train.py"));

        Run first = service.createRun("0", "alice", null, 1L, tags, null);
        Run second = service.createRun("0", "alice", null, 1L, tags, null);

        assertThat(second.runId()).isNotEqualTo(first.runId());
        assertThat(service.searchRuns(List.of("0"), null, ViewType.ALL, null, null, null).items()).hasSize(2);
        assertThat(events.stream().filter(e -> e instanceof DomainEvent.RunCreated)).hasSize(2);
    }

    @Test
    void createRun_shouldAnswerTheSameRun_whenARetryCarriesTheSameIdempotencyKey() {
        Run first = service.createRun("0", "alice", null, 1_700_000_000_123L, List.of(), "job-7-attempt");
        Run retried = service.createRun("0", "alice", null, 1_700_000_000_123L, List.of(), "job-7-attempt");

        assertThat(retried.runId()).isEqualTo(first.runId());
        assertThat(retried.info().runName()).isEqualTo(first.info().runName());
        assertThat(service.searchRuns(List.of("0"), null, ViewType.ALL, null, null, null).items()).hasSize(1);
        assertThat(events.stream().filter(e -> e instanceof DomainEvent.RunCreated)).hasSize(1);
    }

    @Test
    void createRun_shouldMakeDistinctRuns_whenRequestsDiffer() {
        Run a = service.createRun("0", "alice", null, 1_700_000_000_123L, List.of(), null);
        Run b = service.createRun("0", "alice", null, 1_700_000_000_124L, List.of(), null);
        Run c = service.createRun("0", "alice", null, null, List.of(), null);
        Run d = service.createRun("0", "alice", null, null, List.of(), null);
        Run keyed = service.createRun("0", "alice", null, 1_700_000_000_123L, List.of(), "request-1");
        Run keyedAgain = service.createRun("0", "bob", "other", 5L, List.of(), "request-1");

        assertThat(List.of(a.runId(), b.runId(), c.runId(), d.runId(), keyed.runId())).doesNotHaveDuplicates();
        assertThat(keyedAgain.runId()).isEqualTo(keyed.runId());
    }

    @Test
    void createRun_shouldGenerateName_whenNoneGiven() {
        Run run = service.createRun("0", null, null, null, List.of(), null);

        assertThat(run.info().runName()).matches("[a-z]+-[a-z]+-\\d+");
        assertThat(run.info().startTime()).isEqualTo(clock.millis());
    }

    @Test
    void createRun_shouldRefuse_whenExperimentIsDeletedOrMissing() {
        String id = service.createExperiment("gone", null, List.of()).experimentId();
        service.deleteExperiment(id);

        assertThatThrownBy(() -> service.createRun(id, null, null, null, List.of(), null))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> service.createRun("999", null, null, null, List.of(), null))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void createExperiment_shouldRefuseDuplicateAndBadNames() {
        service.createExperiment("unique-name", null, List.of());

        assertThatThrownBy(() -> service.createExperiment("unique-name", null, List.of()))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> service.createExperiment("", null, List.of()))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> service.createExperiment("x".repeat(501), null, List.of()))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void logParam_shouldAcceptSameValueAgain_andRefuseADifferentOne() {
        Run run = service.createRun("0", null, null, null, List.of(), null);
        service.logParam(run.runId(), "lr", "0.1");

        service.logParam(run.runId(), "lr", "0.1");

        assertThatThrownBy(() -> service.logParam(run.runId(), "lr", "0.2"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Changing param values is not allowed");
        assertThat(service.getRun(run.runId()).params()).containsEntry("lr", "0.1");
    }

    @Test
    void createExperiment_shouldMakeARelativeLocationAbsolute_againstTheServersWorkingDirectory() {
        String id = service.createExperiment("relative", "my_location", List.of()).experimentId();
        Run run = service.createRun(id, null, null, null, List.of(), null);

        assertThat(service.getExperiment(id).artifactLocation()).isEqualTo("/srv/mlops/my_location");
        assertThat(run.info().artifactUri()).isEqualTo("/srv/mlops/my_location/" + run.runId() + "/artifacts");
        assertThatThrownBy(() -> service.createExperiment("runs", "runs:/abc/x", List.of()))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(service.searchExperiments("name = 'runs'", null, ViewType.ALL, null, null).items()).isEmpty();
    }

    @Test
    void logParam_shouldStoreAnEmptyValue_asMlflowDoes() {
        Run run = service.createRun("0", null, null, null, List.of(), null);

        service.logParam(run.runId(), "empty", "");

        assertThat(service.getRun(run.runId()).params()).containsEntry("empty", "");
    }

    @Test
    void logBatch_shouldRefuseUnnormalisedKeysAndNegativeTimestamps_andWriteNothing() {
        Run run = service.createRun("0", null, null, null, List.of(), null);

        for (String key : List.of("a//b", "a/./b", "a/", "/a", "a/../b")) {
            assertThatThrownBy(() -> service.logBatch(run.runId(), new BatchRequest(
                    List.of(new MetricPoint("ok", 1, 1, 0), new MetricPoint(key, 1, 1, 0)), List.of(), List.of())))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("metrics[1].name");
            assertThatThrownBy(() -> service.logParam(run.runId(), key, "v"))
                    .isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> service.setTag(run.runId(), key, "v"))
                    .isInstanceOf(InvalidParameterException.class);
        }
        assertThatThrownBy(() -> service.logMetric(run.runId(), new MetricPoint("loss", 1, -5, 0)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Timestamp must be a nonnegative long");

        Run stored = service.getRun(run.runId());
        assertThat(stored.latestMetrics()).isEmpty();
        assertThat(stored.params()).isEmpty();
        assertThat(service.metricHistory(run.runId(), "ok", null, null).items()).isEmpty();
    }

    @Test
    void logMetric_shouldRecordTheValueOnTheLoggedModel_whenAModelIdIsGiven() {
        Run run = service.createRun("0", null, null, null, List.of(), null);
        LoggedModel model = new LoggedModelService(backend.metadata(), backend.loggedModels(), clock)
                .create(new LoggedModelService.NewLoggedModel("0", "m", null, null, List.of(), List.of()), null);
        MetricPoint point = new MetricPoint("acc", 0.5, 123456789, 1);

        service.logMetric(run.runId(), new BatchRequest.ModelPoint(model.modelId(), point, "eval", "d1"));

        assertThat(backend.loggedModels().get(model.modelId()).orElseThrow().metrics()).containsExactly(
                new ModelMetric("acc", 0.5, 123456789, 1, run.runId(), "eval", "d1"));
        assertThat(service.getRun(run.runId()).latestMetrics()).containsEntry("acc", point);
        assertThatThrownBy(() -> service.logMetric(run.runId(), new BatchRequest.ModelPoint("m-0123", point,
                null, null))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(service.metricHistory(run.runId(), "acc", null, null).items()).hasSize(1);
    }

    @Test
    void setTag_shouldOverwrite() {
        Run run = service.createRun("0", null, null, null, List.of(), null);

        service.setTag(run.runId(), "stage", "a");
        service.setTag(run.runId(), "stage", "b");

        assertThat(service.getRun(run.runId()).tags()).containsEntry("stage", "b");
    }

    @Test
    void logBatch_shouldWriteNothing_whenOneParamClashes() {
        Run run = service.createRun("0", null, null, null, List.of(), null);
        service.logParam(run.runId(), "lr", "0.1");

        assertThatThrownBy(() -> service.logBatch(run.runId(), new BatchRequest(
                List.of(new MetricPoint("loss", 1, 1, 0)),
                List.of(new Param("lr", "0.5")), List.of(new Tag("t", "v")))))
                .isInstanceOf(InvalidParameterException.class);

        Run stored = service.getRun(run.runId());
        assertThat(stored.tags()).doesNotContainKey("t");
        assertThat(stored.latestMetrics()).isEmpty();
        assertThat(service.metricHistory(run.runId(), "loss", null, null).items()).isEmpty();
    }

    @Test
    void logBatch_shouldWriteNothing_whenOneKeyIsInvalid() {
        Run run = service.createRun("0", null, null, null, List.of(), null);

        assertThatThrownBy(() -> service.logBatch(run.runId(), new BatchRequest(
                List.of(new MetricPoint("good", 1, 1, 0), new MetricPoint("../bad", 1, 1, 0)),
                List.of(), List.of())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("../bad");

        assertThat(service.metricHistory(run.runId(), "good", null, null).items()).isEmpty();
    }

    @Test
    void logBatch_shouldEnforceMlflowLimits() {
        Run run = service.createRun("0", null, null, null, List.of(), null);
        List<MetricPoint> tooMany = IntStream.range(0, 1001).mapToObj(i -> new MetricPoint("m", i, i, i)).toList();
        List<Param> params = IntStream.range(0, 101).mapToObj(i -> new Param("p" + i, "v")).toList();

        assertThatThrownBy(() -> service.logBatch(run.runId(), new BatchRequest(tooMany, List.of(), List.of())))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> service.logBatch(run.runId(), new BatchRequest(List.of(), params, List.of())))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> service.logParam(run.runId(), "big", "x".repeat(6001)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> service.setTag(run.runId(), "big", "x".repeat(8001)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void logBatch_shouldStoreEachPointOnce_whenClientRetries() {
        Run run = service.createRun("0", null, null, null, List.of(), null);
        BatchRequest batch = new BatchRequest(List.of(new MetricPoint("loss", 0.9, 10, 0),
                new MetricPoint("loss", 0.7, 11, 1)), List.of(new Param("lr", "0.1")), List.of());

        service.logBatch(run.runId(), batch);
        service.logBatch(run.runId(), batch);

        assertThat(service.metricHistory(run.runId(), "loss", null, null).items()).hasSize(2);
        assertThat(service.getRun(run.runId()).latestMetrics().get("loss").value()).isEqualTo(0.7);
    }

    @Test
    void logMetric_shouldRefuse_whenRunIsDeleted() {
        Run run = service.createRun("0", null, null, null, List.of(), null);
        service.deleteRun(run.runId());

        assertThatThrownBy(() -> service.logMetric(run.runId(), new MetricPoint("m", 1, 1, 0)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void updateRun_shouldSetEndTimeAndAnnounceFinish_whenRunTerminates() {
        Run run = service.createRun("0", null, "before", null, List.of(), null);

        RunInfo info = service.updateRun(run.runId(), RunStatus.FINISHED, null, "after");

        assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(info.endTime()).isEqualTo(clock.millis());
        assertThat(service.getRun(run.runId()).tags()).containsEntry(Run.RUN_NAME_TAG, "after");
        assertThat(events).anyMatch(e -> e instanceof DomainEvent.RunFinished f && f.status().equals("FINISHED"));
    }

    @Test
    void updateRun_shouldKeepEndTimeUnset_whenOnlyRenamingARunningRun() {
        Run run = service.createRun("0", null, "before", null, List.of(), null);

        RunInfo info = service.updateRun(run.runId(), null, null, "renamed");

        assertThat(info.endTime()).isNull();
        assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(info.runName()).isEqualTo("renamed");
    }

    @Test
    void deleteExperiment_shouldCascadeToRuns_andRestoreShouldBringThemBack() {
        String id = service.createExperiment("cascade", null, List.of()).experimentId();
        Run run = service.createRun(id, null, null, null, List.of(), null);

        service.deleteExperiment(id);
        assertThat(service.getRun(run.runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        service.restoreExperiment(id);

        assertThat(service.getRun(run.runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(service.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void deleteTag_shouldRefuse_whenTagIsAbsent() {
        Run run = service.createRun("0", null, null, null, List.of(), null);

        assertThatThrownBy(() -> service.deleteTag(run.runId(), "nope"))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void metricHistory_shouldPageInOrder() {
        Run run = service.createRun("0", null, null, null, List.of(), null);
        List<MetricPoint> points = IntStream.range(0, 25).mapToObj(i -> new MetricPoint("m", i, i, i)).toList();
        service.logBatch(run.runId(), new BatchRequest(points, List.of(), List.of()));

        List<Long> steps = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<MetricPoint> page = service.metricHistory(run.runId(), "m", 10, token);
            page.items().forEach(p -> steps.add(p.step()));
            token = page.nextPageToken();
            pages++;
        } while (token != null);

        assertThat(pages).isEqualTo(3);
        assertThat(steps).hasSize(25).isSorted();
    }

    @Test
    void metricHistoryBulkInterval_shouldSampleEvenlyAndKeepEnds() {
        Run a = service.createRun("0", null, null, null, List.of(), null);
        Run b = service.createRun("0", null, null, null, List.of(), null);
        service.logBatch(a.runId(), new BatchRequest(IntStream.range(0, 1000)
                .mapToObj(i -> new MetricPoint("m", i, i, i)).toList(), List.of(), List.of()));
        service.logBatch(b.runId(), new BatchRequest(List.of(new MetricPoint("m", 1, 1, 3),
                new MetricPoint("m", 1, 1, 777)), List.of(), List.of()));

        List<SeriesPoint> sampled = service.metricHistoryBulkInterval(List.of(a.runId(), b.runId()), "m", null, null,
                10);

        List<Long> stepsOfA = sampled.stream().filter(p -> p.runId().equals(a.runId()))
                .map(p -> p.point().step()).toList();
        assertThat(stepsOfA).contains(0L, 999L, 3L, 777L).hasSizeLessThanOrEqualTo(14).isSorted();
        assertThat(sampled.stream().filter(p -> p.runId().equals(b.runId()))).hasSize(2);
    }

    @Test
    void metricHistoryBulkInterval_shouldRefuseHalfARange() {
        Run a = service.createRun("0", null, null, null, List.of(), null);

        assertThatThrownBy(() -> service.metricHistoryBulkInterval(List.of(a.runId()), "m", 1L, null, null))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void searchRuns_shouldDefaultToActiveRunsNewestFirst() {
        String id = service.createExperiment("search", null, List.of()).experimentId();
        Run older = service.createRun(id, null, null, 1000L, List.of(), null);
        Run newer = service.createRun(id, null, null, 2000L, List.of(), null);
        Run deleted = service.createRun(id, null, null, 3000L, List.of(), null);
        service.deleteRun(deleted.runId());

        Page<Run> page = service.searchRuns(List.of(id), null, null, null, null, null);
        Page<Run> all = service.searchRuns(List.of(id), null, ViewType.ALL, null, null, null);

        assertThat(page.items()).extracting(Run::runId).containsExactly(newer.runId(), older.runId());
        assertThat(all.items()).hasSize(3);
    }
}

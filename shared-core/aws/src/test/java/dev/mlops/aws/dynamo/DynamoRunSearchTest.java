package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.port.Page;
import dev.mlops.core.search.OrderByParser;
import dev.mlops.core.search.RunOrdering;
import dev.mlops.testsupport.AwsEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Run search over a few hundred runs: index order, pushdown into key conditions, paging, and never a Scan. The runs
 * are seeded once; tests that change runs do so in experiments of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoRunSearchTest {

    private static final int RUNS = 300;
    private DynamoFixture fixture;
    private DynamoMetadataStore store;
    private String experimentId;
    private final List<Run> created = new ArrayList<>();

    @BeforeAll
    void seed() {
        AwsEmulator.get().reset();
        fixture = DynamoFixture.create();
        store = fixture.metadata;
        experimentId = TestRuns.experiment(store);
        for (int i = 0; i < RUNS; i++) {
            // pairs share a start time, so the run-id tie-break is exercised
            Run bare = TestRuns.run(experimentId, 1_000_000L + (i / 2) * 1000L,
                    i % 10 == 0 ? RunStatus.FINISHED : RunStatus.RUNNING, Map.of());
            Run run = new Run(bare.info(), Map.of("lr", "0." + (i % 7)), Map.of(),
                    Map.of("acc", new MetricPoint("acc", (i * 37 % RUNS) / (double) RUNS, 1, 1)), List.of(),
                    List.of());
            assertThat(store.insertRun(run)).isTrue();
            created.add(run);
        }
        long started = System.nanoTime();
        assertThat(store.getRun(created.get(0).runId())).contains(created.get(0));
        System.out.printf("seeded %d runs; one getRun took %d ms%n", RUNS, (System.nanoTime() - started) / 1_000_000);
    }

    @BeforeEach
    void resetMeter() {
        fixture.meter.reset();
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void searchRuns_shouldPageEveryRunOnceInMlflowOrder_withoutScanning() {
        List<Run> seen = TestRuns.allPages(store, List.of(experimentId), "", List.of(), 40);

        List<Run> expected = new ArrayList<>(created);
        expected.sort(RunOrdering.comparator(List.of()));
        assertThat(seen).extracting(Run::runId).containsExactlyElementsOf(expected.stream().map(Run::runId).toList());
        assertThat(fixture.meter.scans).hasValue(0);
        assertThat(fixture.meter.indexesUsed).containsOnly(MetaSchema.RUNS_INDEX);
    }

    @Test
    void searchRuns_shouldStopEarly_whenFirstPageIsInIndexOrder() {
        Page<Run> first = store.searchRuns(TestRuns.query(List.of(experimentId), "", List.of(), ViewType.ACTIVE_ONLY,
                10, null));

        assertThat(first.items()).hasSize(10);
        assertThat(first.nextPageToken()).isNotNull();
        assertThat(fixture.meter.indexItemsRead.get()).isLessThan(RUNS / 4);
        assertThat(fixture.meter.scans).hasValue(0);
    }

    @Test
    void searchRuns_shouldFilterOnMetricsAndParams_andSortAcrossPages() {
        List<Run> seen = TestRuns.allPages(store, List.of(experimentId), "metrics.acc >= 0.5 and params.lr != '0.3'",
                List.of("metrics.acc DESC"), 25);

        List<Run> expected = created.stream()
                .filter(r -> r.latestMetrics().get("acc").value() >= 0.5 && !r.params().get("lr").equals("0.3"))
                .sorted(RunOrdering.comparator(OrderByParser.parseRunOrderBy(
                        List.of("metrics.acc DESC"))))
                .toList();
        assertThat(seen).isNotEmpty();
        assertThat(seen).extracting(Run::runId).containsExactlyElementsOf(expected.stream().map(Run::runId).toList());
        assertThat(seen.get(0).params()).containsKey("lr");
        assertThat(fixture.meter.scans).hasValue(0);
    }

    @Test
    void searchRuns_shouldReadOnlyTheStatusPartition_whenFilteringOnStatus() {
        List<Run> finished = TestRuns.allPages(store, List.of(experimentId), "attributes.status = 'FINISHED'",
                List.of(), 1000);

        assertThat(finished).hasSize(RUNS / 10).allMatch(r -> r.info().status() == RunStatus.FINISHED);
        assertThat(fixture.meter.indexesUsed).containsOnly(MetaSchema.STATUS_INDEX);
        assertThat(fixture.meter.indexItemsRead.get()).isEqualTo(RUNS / 10);
    }

    @Test
    void searchRuns_shouldFollowStatusChanges_inTheStatusIndex() {
        String own = TestRuns.experiment(store);
        Run run = TestRuns.run(own, 7);
        store.insertRun(run);
        assertThat(TestRuns.allPages(store, List.of(own), "attributes.status = 'FINISHED'", List.of(), 10)).isEmpty();

        store.updateRunInfo(new RunInfo(run.runId(), own, run.info().runName(), run.info().userId(),
                RunStatus.FINISHED, run.info().startTime(), 5L, run.info().artifactUri(), LifecycleStage.ACTIVE));

        assertThat(TestRuns.allPages(store, List.of(own), "attributes.status = 'FINISHED'", List.of(), 10))
                .extracting(Run::runId).containsExactly(run.runId());
        assertThat(TestRuns.allPages(store, List.of(own), "attributes.status = 'RUNNING'", List.of(), 10)).isEmpty();
    }

    @Test
    void searchRuns_shouldFetchHeadersByKey_whenFilterNamesRunIds() {
        String a = created.get(3).runId();
        String b = created.get(200).runId();

        List<Run> found = TestRuns.allPages(store, List.of(experimentId),
                "attributes.run_id IN ('" + a + "', '" + b + "', 'nope')", List.of(), 10);

        assertThat(found).extracting(Run::runId).containsExactly(b, a);
        assertThat(fixture.meter.indexQueries).hasValue(0);
    }

    @Test
    void searchRuns_shouldHonourViewType_afterLifecycleCascade() {
        String other = TestRuns.experiment(store);
        Run kept = TestRuns.run(other, 5);
        Run gone = TestRuns.run(other, 6);
        store.insertRun(kept);
        store.insertRun(gone);
        store.updateRunInfo(withStage(gone, LifecycleStage.DELETED));

        store.setRunsLifecycle(other, LifecycleStage.ACTIVE, LifecycleStage.DELETED);
        store.setRunsLifecycle(other, LifecycleStage.DELETED, LifecycleStage.ACTIVE);
        store.updateRunInfo(withStage(gone, LifecycleStage.DELETED));

        assertThat(ids(other, ViewType.ACTIVE_ONLY)).containsExactly(kept.runId());
        assertThat(ids(other, ViewType.DELETED_ONLY)).containsExactly(gone.runId());
        assertThat(ids(other, ViewType.ALL)).containsExactly(gone.runId(), kept.runId());
    }

    @Test
    void searchRuns_shouldMergeExperimentsInOneOrder() {
        String other = TestRuns.experiment(store);
        Run newest = TestRuns.run(other, 9_000_000_000L);
        store.insertRun(newest);

        Page<Run> page = store.searchRuns(TestRuns.query(List.of(experimentId, other), "", List.of(),
                ViewType.ACTIVE_ONLY, 3, null));

        List<Run> expected = new ArrayList<>(created);
        expected.sort(RunOrdering.comparator(List.of()));
        assertThat(page.items()).extracting(Run::runId)
                .containsExactly(newest.runId(), expected.get(0).runId(), expected.get(1).runId());
    }

    private List<String> ids(String experiment, ViewType viewType) {
        return store.searchRuns(TestRuns.query(List.of(experiment), "", List.of(), viewType, 100, null)).items()
                .stream().map(Run::runId).toList();
    }

    private static RunInfo withStage(Run run, LifecycleStage stage) {
        RunInfo i = run.info();
        return new RunInfo(i.runId(), i.experimentId(), i.runName(), i.userId(), i.status(),
                i.startTime(), i.endTime(), i.artifactUri(), stage);
    }
}

package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.core.search.OrderByParser;
import dev.mlops.core.search.RunMatcher;
import dev.mlops.core.search.RunOrdering;
import dev.mlops.core.search.SearchFilter;
import dev.mlops.core.search.SearchFilterParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Run searches ordered by a metric, which both backends answer from an index walked in value order instead of by
 * sorting every run. Every answer is compared with the reference semantics (RunMatcher and RunOrdering over every
 * run read by id), so NaN after the reals in both directions, runs without the metric last, -0.0 tying with 0.0,
 * later order_by clauses and the start_time/run_id tie-breaks, view types and paging are exactly MLflow's. Each
 * backend's test extends this and supplies a fresh store.
 */
public abstract class RunSearchContract {

    private static final double[] ACC = {0.9, 0.1, Double.NaN, 0.5, 0.5, -0.0, 0.0, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 0.7, 0.3, 0.5, Double.NaN, 0.25};

    private final List<String> runIds = new ArrayList<>();
    private String first;
    private String second;

    protected abstract MetadataStore store();

    /**
     * Two experiments: runs with every kind of acc value (ties, NaN, signed zeros, infinities), three runs without
     * acc, equal start times for tie-breaks, and one deleted run. Called by each test (a superclass @BeforeEach
     * would run before the backend's own set-up).
     */
    private void seed() {
        first = store().createExperiment(new NewExperiment(unique("search"), null, Map.of(), 1L)).experimentId();
        second = store().createExperiment(new NewExperiment(unique("search"), null, Map.of(), 1L)).experimentId();
        for (int i = 0; i < ACC.length + 3; i++) {
            String experiment = i % 3 == 0 ? second : first;
            Run run = run(experiment, 1_700_000_000_000L + (i % 5) * 1000);
            assertThat(store().insertRun(run)).isTrue();
            List<MetricPoint> metrics = new ArrayList<>();
            metrics.add(new MetricPoint("loss", i, 1, 1));
            if (i < ACC.length) {
                metrics.add(new MetricPoint("acc", ACC[i], 1, 2));
            }
            store().updateRunData(run.runId(), new RunUpdate(Map.of("lr", "0." + (i % 4)), Map.of("team",
                    i % 2 == 0 ? "a" : "b"), List.of(), metrics));
            runIds.add(run.runId());
        }
        Run deleted = store().getRun(runIds.get(1)).orElseThrow();
        store().updateRunInfo(stage(deleted.info(), LifecycleStage.DELETED));
    }

    @Test
    void metricOrder_shouldMatchTheReferenceOrder_inBothDirections() {
        seed();
        for (String order : List.of("metrics.acc DESC", "metrics.acc ASC", "metrics.acc", "metrics.`acc` DESC")) {
            assertSameAsReference("", List.of(order), ViewType.ACTIVE_ONLY);
        }
    }

    @Test
    void metricOrder_shouldPutNanAfterRealsAndMissingLast() {
        seed();
        List<Run> desc = search("", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY, 100, null).items();

        assertThat(desc.get(0).latestMetrics().get("acc").value()).isEqualTo(Double.POSITIVE_INFINITY);
        List<Run> tail = desc.subList(desc.size() - 5, desc.size());
        assertThat(tail.subList(0, 2)).allMatch(r -> Double.isNaN(r.latestMetrics().get("acc").value()));
        assertThat(tail.subList(2, 5)).allMatch(r -> !r.latestMetrics().containsKey("acc"));
    }

    @Test
    void metricOrder_shouldApplyLaterClausesAndFilters() {
        seed();
        assertSameAsReference("", List.of("metrics.acc DESC", "params.lr ASC"), ViewType.ACTIVE_ONLY);
        assertSameAsReference("", List.of("metrics.acc ASC", "attributes.start_time ASC"), ViewType.ALL);
        assertSameAsReference("metrics.acc > 0.2", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY);
        assertSameAsReference("metrics.acc >= 0.5 and metrics.acc < 1e300", List.of("metrics.acc ASC"),
                ViewType.ACTIVE_ONLY);
        assertSameAsReference("metrics.acc = 0", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY);
        assertSameAsReference("metrics.acc != 0.5", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY);
        assertSameAsReference("params.lr = '0.1' and tags.team = 'b'", List.of("metrics.acc DESC"),
                ViewType.ACTIVE_ONLY);
        assertSameAsReference("metrics.loss > 3", List.of("metrics.acc ASC"), ViewType.ALL);
        assertSameAsReference("", List.of("metrics.loss DESC"), ViewType.DELETED_ONLY);
        assertSameAsReference("", List.of("metrics.nothing DESC"), ViewType.ACTIVE_ONLY);
    }

    @Test
    void metricOrder_shouldPageThroughEveryMatchOnce() {
        seed();
        for (int pageSize : new int[] {1, 3, 5}) {
            List<Run> paged = new ArrayList<>();
            String token = null;
            do {
                Page<Run> page = search("", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY, pageSize, token);
                paged.addAll(page.items());
                token = page.nextPageToken();
            } while (token != null);

            assertThat(paged).extracting(Run::runId)
                    .containsExactlyElementsOf(reference("", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY));
        }
    }

    @Test
    void metricOrder_shouldSeeAcknowledgedWritesAtOnce() {
        seed();
        String last = reference("", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY).get(0);
        String riser = runIds.get(ACC.length - 1);

        store().updateRunData(riser, new RunUpdate(Map.of(), Map.of(), List.of(),
                List.of(new MetricPoint("acc", 1e308, 2, 99))));
        Run fresh = run(first, 1L);
        store().insertRun(fresh);
        runIds.add(fresh.runId());
        store().updateRunData(fresh.runId(), new RunUpdate(Map.of(), Map.of(), List.of(),
                List.of(new MetricPoint("acc", 1e307, 2, 1))));
        Run deleted = store().getRun(last).orElseThrow();
        store().updateRunInfo(stage(deleted.info(), LifecycleStage.DELETED));

        List<String> top = search("", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY, 2, null).items().stream()
                .map(Run::runId).toList();
        assertThat(top).containsExactly(riser, fresh.runId());
        assertSameAsReference("", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY);
        assertSameAsReference("", List.of("metrics.acc DESC"), ViewType.DELETED_ONLY);
    }

    @Test
    void metricOrder_shouldFollowRestoresAndExperimentCascades() {
        seed();
        Run deleted = store().getRun(runIds.get(1)).orElseThrow();
        store().updateRunInfo(stage(deleted.info(), LifecycleStage.ACTIVE));
        assertSameAsReference("", List.of("metrics.acc ASC"), ViewType.ACTIVE_ONLY);

        store().setRunsLifecycle(second, LifecycleStage.ACTIVE, LifecycleStage.DELETED);
        assertSameAsReference("", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY);
        assertSameAsReference("", List.of("metrics.acc DESC"), ViewType.DELETED_ONLY);

        store().setRunsLifecycle(second, LifecycleStage.DELETED, LifecycleStage.ACTIVE);
        assertSameAsReference("", List.of("metrics.acc DESC"), ViewType.ALL);
        assertSameAsReference("", List.of("metrics.acc DESC"), ViewType.ACTIVE_ONLY);
    }

    // ---- helpers

    private void assertSameAsReference(String filter, List<String> orderBy, ViewType view) {
        List<String> expected = reference(filter, orderBy, view);
        List<String> actual = search(filter, orderBy, view, 1000, null).items().stream().map(Run::runId).toList();
        assertThat(actual).as("filter '%s' order %s view %s", filter, orderBy, view)
                .containsExactlyElementsOf(expected);
    }

    /** What the search must answer: every run read by id, filtered by RunMatcher, sorted by RunOrdering. */
    private List<String> reference(String filter, List<String> orderBy, ViewType view) {
        SearchFilter parsed = SearchFilterParser.parseRunFilter(filter);
        List<Run> all = new ArrayList<>();
        for (String id : runIds) {
            Run run = store().getRun(id).orElseThrow();
            if (view.includes(run.info().lifecycleStage()) && RunMatcher.matches(parsed, run)) {
                all.add(run);
            }
        }
        all.sort(RunOrdering.comparator(OrderByParser.parseRunOrderBy(orderBy)));
        return all.stream().map(Run::runId).toList();
    }

    private Page<Run> search(String filter, List<String> orderBy, ViewType view, int max, String token) {
        return store().searchRuns(new RunQuery(List.of(first, second), SearchFilterParser.parseRunFilter(filter),
                OrderByParser.parseRunOrderBy(orderBy), view, max, token));
    }

    private static Run run(String experimentId, long startTime) {
        String id = UUID.randomUUID().toString().replace("-", "");
        RunInfo info = new RunInfo(id, experimentId, "run-" + id.substring(0, 4), "tester", RunStatus.RUNNING,
                startTime, null, "mlflow-artifacts:/" + experimentId + "/" + id + "/artifacts",
                LifecycleStage.ACTIVE);
        return new Run(info, Map.of(), new HashMap<>(), Map.of(), List.of(), List.of());
    }

    private static RunInfo stage(RunInfo i, LifecycleStage stage) {
        return new RunInfo(i.runId(), i.experimentId(), i.runName(), i.userId(), i.status(), i.startTime(),
                i.endTime(), i.artifactUri(), stage);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.port.Page;
import dev.mlops.testsupport.AwsEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Read units of typical searches over one experiment of N runs, run on demand with
 * {@code -Ddynamo.capacity.runs=N} (skipped otherwise: moto answers each Query in time linear in the table size, so
 * this takes minutes; DynamoRunSearchTest covers the behaviour in the normal build). Figures in
 * docs/dynamodb-design.md. Each run looks like an MLflow training run: 5 params, 3 tags, 5 latest
 * metrics. The runs and their search index entries are written with BatchWriteItem in exactly the store's item
 * shapes, because seeding 10,000 runs through transactions is slow on moto; every read goes through the store. Writes a table to
 * target/dynamo-capacity.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoSearchCapacityTest {

    private static final int RUNS = Integer.getInteger("dynamo.capacity.runs", 0);
    private static final int PAGE = Integer.getInteger("dynamo.capacity.page", 100);
    private static final int CHILDREN = 10;
    private DynamoFixture fixture;
    private DynamoMetadataStore store;
    private String experimentId;
    private String parentId;
    private final List<String> report = new ArrayList<>();

    @BeforeAll
    void seed() {
        assumeTrue(RUNS > CHILDREN, "set -Ddynamo.capacity.runs=N to measure");
        AwsEmulator.get().reset();
        // moto answers a Query in time linear in the table (140,000 items at 10,000 runs): be patient
        fixture = DynamoFixture.patient(Duration.ofMinutes(10));
        store = fixture.metadata;
        experimentId = TestRuns.experiment(store);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<Map<String, AttributeValue>> indexItems = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            RunStatus status = i % 10 == 0 ? RunStatus.FAILED : RunStatus.FINISHED;
            Map<String, String> tags = new HashMap<>(Map.of(Run.RUN_NAME_TAG, "run-" + i, Run.USER_TAG, "tester",
                    "mlflow.source.name", "train.py"));
            Run run = TestRuns.run(experimentId, 1_700_000_000_000L + i * 1000L, status, tags);
            if (i == 0) {
                parentId = run.runId();
            } else if (i <= CHILDREN) {
                tags.put(Run.PARENT_RUN_TAG, parentId);
            }
            items.addAll(items(run, tags, i));
            indexItems.addAll(indexItems(run, i));
        }
        write(fixture.tables.metadata(), items);
        write(fixture.tables.search(), indexItems);
        report.add("| search over " + RUNS + " runs | RCU (from item sizes) | RCU (emulator) | index items read"
                + " | requests |");
        report.add("|---|---|---|---|---|");
    }

    @AfterAll
    void close() throws IOException {
        if (fixture == null) {
            return;
        }
        report.forEach(System.out::println);
        Files.write(Path.of("target", "dynamo-capacity-" + RUNS + ".md"), report);
        fixture.close();
    }

    @Test
    void firstPage_defaultOrder_shouldReadOnlyAboutOnePage() {
        Page<Run> page = measure("first page of " + PAGE + ", default order", () -> search("", List.of(), PAGE, null));

        assertThat(page.items()).hasSize(Math.min(PAGE, RUNS));
        assertThat(fixture.meter.indexItemsRead.get()).isLessThanOrEqualTo(Math.max(PAGE + 1, 25));
    }

    @Test
    void allPages_defaultOrder() {
        assumeTrue(RUNS <= 1000, "moto reads a partition in O(table); materializing 10,000 runs takes hours");
        List<Run> all = measure("all pages of 1000, default order", () -> pages("", List.of(), 1000));

        assertThat(all).hasSize(RUNS);
    }

    @Test
    void firstPage_metricFilter() {
        Page<Run> page = measure("first page of " + PAGE + ", `metrics.acc > 0.5`",
                () -> search("metrics.acc > 0.5", List.of(), PAGE, null));

        assertThat(page.items()).allMatch(r -> r.latestMetrics().get("acc").value() > 0.5);
    }

    @Test
    void allPages_metricFilter() {
        assumeTrue(RUNS <= 1000, "moto reads a partition in O(table); materializing 10,000 runs takes hours");
        List<Run> all = measure("all pages of 1000, `metrics.acc > 0.5`",
                () -> pages("metrics.acc > 0.5", List.of(), 1000));

        assertThat(all).hasSize((int) java.util.stream.IntStream.range(0, RUNS).filter(i -> acc(i) > 0.5).count());
    }

    @Test
    void firstPage_metricOrder() {
        Page<Run> page = measure("first page of " + PAGE + ", order by `metrics.acc DESC`",
                () -> search("", List.of("metrics.acc DESC"), PAGE, null));

        assertThat(page.items().get(0).latestMetrics().get("acc").value()).isEqualTo(maxAcc());
    }

    @Test
    void firstPage_metricFilterAndOrder() {
        Page<Run> page = measure("first page of " + PAGE + ", `metrics.acc > 0.5` order by `metrics.acc DESC`",
                () -> search("metrics.acc > 0.5", List.of("metrics.acc DESC"), PAGE, null));

        assertThat(page.items()).hasSize(Math.min(PAGE, RUNS / 2));
        assertThat(page.items().get(0).latestMetrics().get("acc").value()).isEqualTo(maxAcc());
        assertThat(page.items()).extracting(r -> r.latestMetrics().get("acc").value())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void firstPage_metricOrder_pageOfTen() {
        Page<Run> page = measure("first page of 10, order by `metrics.acc DESC`",
                () -> search("", List.of("metrics.acc DESC"), 10, null));

        assertThat(page.items()).hasSize(10);
        assertThat(page.items().get(0).latestMetrics().get("acc").value()).isEqualTo(maxAcc());
    }

    @Test
    void allPages_metricOrder() {
        assumeTrue(RUNS <= 1000, "moto reads a partition in O(table); materializing 10,000 runs takes hours");
        List<Run> all = measure("all pages of 1000, order by `metrics.acc DESC`",
                () -> pages("", List.of("metrics.acc DESC"), 1000));

        assertThat(all).hasSize(RUNS);
    }

    @Test
    void statusFilter() {
        Page<Run> failed = measure("first page of " + PAGE + ", `attributes.status = 'FAILED'`",
                () -> search("attributes.status = 'FAILED'", List.of(), PAGE, null));

        assertThat(failed.items()).hasSize(Math.min(PAGE, (RUNS + 9) / 10))
                .allMatch(r -> r.info().status() == RunStatus.FAILED);
        assertThat(fixture.meter.indexItemsRead.get()).isLessThanOrEqualTo(Math.max(PAGE + 1, 25));
    }

    @Test
    void childRuns() {
        List<Run> children = measure("child runs of one parent (" + CHILDREN + ")",
                () -> pages("tags.mlflow.parentRunId = '" + parentId + "'", List.of(), 1000));

        assertThat(children).hasSize(CHILDREN);
    }

    @Test
    void getRun() {
        Run run = measure("getRun (consistent, 14 items)", () -> store.getRun(parentId).orElseThrow());

        assertThat(run.params()).hasSize(5);
    }

    private <T> T measure(String what, Supplier<T> search) {
        fixture.meter.reset();
        T result = search.get();
        CapacityMeter m = fixture.meter;
        report.add("| %s | %.1f | %.1f | %d | %d Query + %d BatchGetItem |".formatted(what, m.computed.sum(),
                m.reported.sum(), m.indexItemsRead.get(), m.queries.get(), m.batchGets.get()));
        assertThat(m.scans).hasValue(0);
        return result;
    }

    private Page<Run> search(String filter, List<String> orderBy, int max, String token) {
        return store.searchRuns(TestRuns.query(List.of(experimentId), filter, orderBy, ViewType.ACTIVE_ONLY, max,
                token));
    }

    private List<Run> pages(String filter, List<String> orderBy, int max) {
        return TestRuns.allPages(store, List.of(experimentId), filter, orderBy, max);
    }

    private static double acc(int i) {
        return (i * 7919L % RUNS) / (double) RUNS;
    }

    private static double maxAcc() {
        return java.util.stream.IntStream.range(0, RUNS).mapToDouble(DynamoSearchCapacityTest::acc).max().orElse(0);
    }

    private static List<Map<String, AttributeValue>> items(Run run, Map<String, String> tags, int i) {
        RunInfo info = run.info();
        String id = info.runId();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        items.add(RunItems.header(info, tags.get(Run.PARENT_RUN_TAG)));
        for (String p : List.of("lr", "batch_size", "epochs", "optimizer", "seed")) {
            items.add(RunItems.value(id, MetaSchema.PARAM, p, p + "-" + (i % 13)));
        }
        tags.forEach((k, v) -> items.add(RunItems.value(id, MetaSchema.TAG, k, v)));
        items.add(RunItems.metric(id, new MetricPoint("acc", acc(i), 1, 100)));
        for (String m : List.of("loss", "val_loss", "val_acc", "lr")) {
            items.add(RunItems.metric(id, new MetricPoint(m, i / 1000.0, 1, 100)));
        }
        return items;
    }

    /** The run's search index entries, in the store's item shapes: its run-list entry and one per latest metric. */
    private static List<Map<String, AttributeValue>> indexItems(Run run, int i) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        String exp = run.info().experimentId();
        items.add(SearchIndexItems.runListEntry(run.info()));
        items.add(SearchIndexItems.metricEntry(exp, run.runId(), new MetricPoint("acc", acc(i), 1, 100),
                run.info().lifecycleStage()));
        for (String m : List.of("loss", "val_loss", "val_acc", "lr")) {
            items.add(SearchIndexItems.metricEntry(exp, run.runId(), new MetricPoint(m, i / 1000.0, 1, 100),
                    run.info().lifecycleStage()));
        }
        return items;
    }

    private void write(String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = fixture.dynamo.batchWriteItem(b -> b.requestItems(request));
                pending = response.unprocessedItems();
            }
        }
    }
}

package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.core.search.OrderByParser;
import dev.mlops.core.search.RunOrdering;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The search index survives a crash between any two of its steps: the process "dies" at one request (the
 * interceptor fails it and everything after it in that call is never sent), and searches stay exactly the reference
 * answer; stale entries left behind are removed by the next reader that meets them, and a lost index is rebuilt.
 */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoSearchIndexCrashTest {

    private final Crash crash = new Crash();
    private DynamoFixture fixture;
    private DynamoMetadataStore store;
    private String experimentId;
    private final List<String> runIds = new ArrayList<>();

    @BeforeEach
    void seed() {
        fixture = DynamoFixture.with(crash);
        store = fixture.metadata;
        experimentId = TestRuns.experiment(store);
        for (int i = 0; i < 6; i++) {
            Run run = TestRuns.run(experimentId, 1_700_000_000_000L + i);
            store.insertRun(run);
            log(run.runId(), 0.1 * i, 1);
            runIds.add(run.runId());
        }
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void crashAfterTheEntry_beforeTheValue_shouldLeaveAStaleEntryThatReadersIgnoreAndRemove() {
        String run = runIds.get(0);
        crash.at(r -> r instanceof PutItemRequest p && p.item().get(MetaSchema.SK).s().equals("M#acc"));
        assertThatThrownBy(() -> log(run, 0.95, 2)).isNotNull();

        assertAllViewsMatchReference();
        log(run, 0.05, 3);
        assertAllViewsMatchReference();
        assertThat(entriesOf(run)).as("the intent of 0.95 is older than the value 0.05 and goes").hasSize(1);
    }

    @Test
    void crashAfterTheValue_beforeTheOldEntryGoes_shouldLeaveAStaleEntryThatReadersIgnoreAndRemove() {
        String run = runIds.get(1);
        crash.at(r -> r instanceof BatchWriteItemRequest b && b.requestItems().values().stream().flatMap(List::stream)
                .anyMatch(w -> w.deleteRequest() != null));
        assertThatThrownBy(() -> log(run, 0.99, 2)).isNotNull();

        assertThat(entriesOf(run)).hasSize(2);
        assertAllViewsMatchReference();
        assertThat(entriesOf(run)).hasSize(1);
    }

    @Test
    void crashAfterADeletedHeader_beforeTheHints_shouldHideTheRunFromActiveSearches() {
        String run = runIds.get(2);
        crash.at(r -> r instanceof TransactWriteItemsRequest t && t.transactItems().stream()
                .anyMatch(i -> i.conditionCheck() != null));
        assertThatThrownBy(() -> setStage(run, LifecycleStage.DELETED)).isNotNull();

        assertThat(stage(run)).isEqualTo(LifecycleStage.DELETED);
        assertAllViewsMatchReference();
        setStage(run, LifecycleStage.ACTIVE);
        assertAllViewsMatchReference();
    }

    @Test
    void crashAfterActiveHints_beforeTheRestoredHeader_shouldKeepTheRunDeletedUntilRetried() {
        String run = runIds.get(3);
        setStage(run, LifecycleStage.DELETED);
        crash.at(r -> r instanceof UpdateItemRequest u && u.key().get(MetaSchema.SK).s().equals("R")
                && u.conditionExpression().equals("attribute_exists(#pk)"));
        assertThatThrownBy(() -> setStage(run, LifecycleStage.ACTIVE)).isNotNull();

        assertThat(stage(run)).isEqualTo(LifecycleStage.DELETED);
        assertAllViewsMatchReference();
        setStage(run, LifecycleStage.ACTIVE);
        assertAllViewsMatchReference();
    }

    @Test
    void lostIndex_shouldBeRebuiltFromTheRuns() {
        setStage(runIds.get(4), LifecycleStage.DELETED);
        for (String pk : List.of(SearchIndexItems.runListPk(experimentId),
                SearchIndexItems.metricPk(experimentId, "acc"))) {
            for (Map<String, AttributeValue> item : partition(pk)) {
                fixture.dynamo.deleteItem(b -> b.tableName(fixture.tables.search()).key(Attrs.key(pk,
                        item.get(MetaSchema.SK).s())));
            }
        }
        assertThat(search(ViewType.ALL)).isEmpty();

        store.rebuildSearchIndex(experimentId);

        assertAllViewsMatchReference();
        assertThat(partition(SearchIndexItems.metricPk(experimentId, "acc")))
                .filteredOn(i -> i.get(MetaSchema.INDEX_STAGE).s().equals(SearchIndexItems.DELETED)).hasSize(1);
    }

    // ---- helpers

    private void log(String runId, double acc, long step) {
        store.updateRunData(runId, new RunUpdate(Map.of(), Map.of(), List.of(),
                List.of(new MetricPoint("acc", acc, 1000 + step, step))));
    }

    private void setStage(String runId, LifecycleStage stage) {
        RunInfo i = store.getRun(runId).orElseThrow().info();
        store.updateRunInfo(new RunInfo(i.runId(), i.experimentId(), i.runName(), i.userId(), i.status(),
                i.startTime(), i.endTime(), i.artifactUri(), stage));
    }

    private LifecycleStage stage(String runId) {
        return store.getRun(runId).orElseThrow().info().lifecycleStage();
    }

    private void assertAllViewsMatchReference() {
        for (ViewType view : ViewType.values()) {
            List<Run> expected = new ArrayList<>();
            for (String id : runIds) {
                Run run = store.getRun(id).orElseThrow();
                if (view.includes(run.info().lifecycleStage())) {
                    expected.add(run);
                }
            }
            expected.sort(RunOrdering.comparator(OrderByParser.parseRunOrderBy(List.of("metrics.acc DESC"))));
            assertThat(search(view)).as(view.name()).containsExactlyElementsOf(expected.stream().map(Run::runId)
                    .toList());
        }
    }

    /** Every page (of 2, so pages end inside the list) of the metric-ordered search in the view. */
    private List<String> search(ViewType view) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            Page<Run> page = store.searchRuns(TestRuns.query(List.of(experimentId), "",
                    List.of("metrics.acc DESC"), view, 2, token));
            page.items().forEach(r -> ids.add(r.runId()));
            token = page.nextPageToken();
        } while (token != null);
        return ids;
    }

    private List<Map<String, AttributeValue>> entriesOf(String runId) {
        return partition(SearchIndexItems.metricPk(experimentId, "acc")).stream()
                .filter(i -> i.get(MetaSchema.SK).s().endsWith("#" + runId)).toList();
    }

    private List<Map<String, AttributeValue>> partition(String pk) {
        return fixture.dynamo.query(b -> b.tableName(fixture.tables.search()).consistentRead(true)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk",
                        AttributeValue.fromS(pk)))).items();
    }

    /** Fails the first request that matches, once, as if the process died there. */
    private static final class Crash implements ExecutionInterceptor {

        private volatile Predicate<SdkRequest> armed;

        void at(Predicate<SdkRequest> request) {
            armed = request;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            Predicate<SdkRequest> trigger = armed;
            if (trigger != null && trigger.test(context.request())) {
                armed = null;
                throw SdkClientException.create("crash injected before " + context.request().getClass()
                        .getSimpleName());
            }
        }
    }
}

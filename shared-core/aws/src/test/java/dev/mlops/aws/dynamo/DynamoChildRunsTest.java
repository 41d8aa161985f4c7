package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Child runs come from the sparse parent index, which follows the mlflow.parentRunId tag. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoChildRunsTest {

    private DynamoFixture fixture;
    private DynamoMetadataStore store;
    private String experimentId;

    @BeforeEach
    void open() {
        fixture = DynamoFixture.create();
        store = fixture.metadata;
        experimentId = TestRuns.experiment(store);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void searchRuns_shouldFindChildrenThroughParentIndex_withoutReadingOtherRuns() {
        Run parent = insert(TestRuns.run(experimentId, 1));
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            children.add(insert(TestRuns.run(experimentId, 10 + i, RunStatus.RUNNING,
                    Map.of(Run.PARENT_RUN_TAG, parent.runId()))).runId());
        }
        for (int i = 0; i < 50; i++) {
            insert(TestRuns.run(experimentId, 100 + i));
        }
        fixture.meter.reset();

        List<Run> found = TestRuns.allPages(store, List.of(experimentId),
                "tags.mlflow.parentRunId = '" + parent.runId() + "'", List.of(), 100);

        assertThat(found).extracting(Run::runId).containsExactlyElementsOf(children.reversed());
        assertThat(fixture.meter.indexesUsed).containsOnly(MetaSchema.PARENT_INDEX);
        assertThat(fixture.meter.indexItemsRead.get()).isEqualTo(5);
        assertThat(fixture.meter.scans).hasValue(0);
    }

    @Test
    void searchRuns_shouldFollowTheParentTag_whenSetLaterChangedAndDeleted() {
        Run first = insert(TestRuns.run(experimentId, 1));
        Run second = insert(TestRuns.run(experimentId, 2));
        Run child = insert(TestRuns.run(experimentId, 3));

        store.updateRunData(child.runId(), RunUpdate.tags(Map.of(Run.PARENT_RUN_TAG, first.runId())));
        assertThat(children(first)).containsExactly(child.runId());

        store.updateRunData(child.runId(), RunUpdate.tags(Map.of(Run.PARENT_RUN_TAG, second.runId())));
        assertThat(children(first)).isEmpty();
        assertThat(children(second)).containsExactly(child.runId());

        store.updateRunData(child.runId(), new RunUpdate(Map.of(), Map.of(), List.of(Run.PARENT_RUN_TAG),
                List.of()));
        assertThat(children(second)).isEmpty();
        assertThat(store.getRun(child.runId()).orElseThrow().tags()).doesNotContainKey(Run.PARENT_RUN_TAG);
    }

    @Test
    void searchRuns_shouldKeepChildrenOfOtherExperimentsOut() {
        Run parent = insert(TestRuns.run(experimentId, 1));
        String elsewhere = TestRuns.experiment(store);
        Run stranger = insert(TestRuns.run(elsewhere, 2, RunStatus.RUNNING,
                Map.of(Run.PARENT_RUN_TAG, parent.runId())));
        Run child = insert(TestRuns.run(experimentId, 3, RunStatus.RUNNING,
                Map.of(Run.PARENT_RUN_TAG, parent.runId())));

        assertThat(children(parent)).containsExactly(child.runId());
        assertThat(TestRuns.allPages(store, List.of(elsewhere), "tags.mlflow.parentRunId = '" + parent.runId()
                + "'", List.of(), 10)).extracting(Run::runId).containsExactly(stranger.runId());
    }

    private List<String> children(Run parent) {
        return TestRuns.allPages(store, List.of(experimentId), "tags.mlflow.parentRunId = '" + parent.runId() + "'",
                List.of(), 100).stream().map(Run::runId).toList();
    }

    private Run insert(Run run) {
        assertThat(store.insertRun(run)).isTrue();
        return run;
    }
}

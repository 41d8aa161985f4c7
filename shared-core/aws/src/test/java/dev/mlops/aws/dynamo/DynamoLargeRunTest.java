package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A run far beyond one 400 KB item: 10,000 params, tags and metrics live in 10,000 items of the run's partition. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoLargeRunTest {

    private DynamoFixture fixture;
    private DynamoMetadataStore store;

    @BeforeEach
    void open() {
        fixture = DynamoFixture.create();
        store = fixture.metadata;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void updateRunData_shouldKeepTenThousandKeys_whenRunOutgrowsOneItem() {
        String experimentId = TestRuns.experiment(store);
        Run run = TestRuns.run(experimentId, 1);
        store.insertRun(run);
        Map<String, String> params = new HashMap<>();
        Map<String, String> tags = new HashMap<>();
        List<MetricPoint> metrics = new ArrayList<>();
        String padding = "x".repeat(40);
        for (int i = 0; i < 4000; i++) {
            params.put("param_" + i, padding + i);
        }
        for (int i = 0; i < 3000; i++) {
            tags.put("tag_" + i, padding + i);
            metrics.add(new MetricPoint("metric_" + i, i, 10, 1));
        }

        store.updateRunData(run.runId(), new RunUpdate(params, tags, List.of(), metrics));
        Run stored = store.getRun(run.runId()).orElseThrow();

        assertThat(stored.params()).hasSize(4000).containsEntry("param_3999", padding + 3999);
        assertThat(stored.tags()).hasSize(3000).containsEntry("tag_0", padding + 0);
        assertThat(stored.latestMetrics()).hasSize(3000);
        assertThat(stored.latestMetrics().get("metric_2999").value()).isEqualTo(2999.0);
        assertThat(store.getRun(run.runId())).contains(stored);
        assertThat(TestRuns.allPages(store, List.of(experimentId), "params.param_1234 = '" + padding + "1234'"
                + " and metrics.metric_7 = 7", List.of(), 10)).extracting(Run::runId).containsExactly(run.runId());
    }

    @Test
    void updateRunData_shouldWriteNothing_whenAParamClashesOnALargeRun() {
        Run run = TestRuns.run(TestRuns.experiment(store), 1);
        store.insertRun(run);
        Map<String, String> first = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            first.put("p" + i, "v" + i);
        }
        store.updateRunData(run.runId(), new RunUpdate(first, Map.of(), List.of(), List.of()));
        Map<String, String> clash = new HashMap<>(Map.of("p250", "changed"));
        for (int i = 500; i < 599; i++) {
            clash.put("p" + i, "v" + i);
        }

        assertThatThrownBy(() -> store.updateRunData(run.runId(), new RunUpdate(clash, Map.of("t", "1"), List.of(),
                List.of(new MetricPoint("m", 1, 1, 1)))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("p250");

        Run stored = store.getRun(run.runId()).orElseThrow();
        assertThat(stored.params()).hasSize(500).containsEntry("p250", "v250");
        assertThat(stored.tags()).isEmpty();
        assertThat(stored.latestMetrics()).isEmpty();
    }
}

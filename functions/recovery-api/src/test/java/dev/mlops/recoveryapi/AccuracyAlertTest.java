package dev.mlops.recoveryapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.recovery.PerformanceMonitor;
import dev.mlops.core.recovery.RestoreService;
import dev.mlops.core.service.BatchRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accuracy-drop alerts end to end through the tracking service: an evaluation run of the Production version logs
 * accuracy against the version's baseline (0.92, the source run's accuracy at registration).
 */
class AccuracyAlertTest {

    @TempDir
    Path dir;
    RecoveryFixture fixture;

    @BeforeEach
    void seed() {
        fixture = RecoveryFixture.local(dir, true, 16, RestoreService.StepHook.NONE).seed();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void dropOfExactlyFivePercent_isNoAlert() {
        evaluate(2, 0.874); // 0.92 - 5%

        assertThat(fixture.events.of(DomainEvent.ModelPerformanceDegraded.class)).isEmpty();
        assertThat(version(2).tags()).containsEntry("mlops.performance", "OK");
    }

    @Test
    void dropOfSixPercent_isAWarning_andLeavesProductionAlone() {
        evaluate(2, 0.8648); // 0.92 - 6%

        assertThat(fixture.events.of(DomainEvent.ModelPerformanceDegraded.class)).singleElement()
                .satisfies(e -> {
                    assertThat(e.severity()).isEqualTo("WARNING");
                    assertThat(e.name()).isEqualTo(RecoveryFixture.MODEL);
                    assertThat(e.version()).isEqualTo(2);
                    assertThat(e.baseline()).isEqualTo(0.92);
                });
        assertThat(version(2).stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(fixture.events.of(DomainEvent.ModelRolledBack.class)).isEmpty();
    }

    @Test
    void dropOfMoreThanTenPercent_isCritical_andRollsProductionBack_whenEnabled() {
        evaluate(2, 0.80);

        assertThat(fixture.events.of(DomainEvent.ModelPerformanceDegraded.class)).singleElement()
                .satisfies(e -> assertThat(e.severity()).isEqualTo("CRITICAL"));
        assertThat(fixture.events.of(DomainEvent.ModelRolledBack.class)).singleElement().satisfies(e -> {
            assertThat(e.fromVersion()).isEqualTo(2);
            assertThat(e.toVersion()).isEqualTo(1);
            assertThat(e.aliasesMoved()).containsExactly("champion");
            assertThat(e.reason()).startsWith("automatic: accuracy 0.8");
        });
        assertThat(version(1).stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(version(2).stage()).isEqualTo(ModelStage.ARCHIVED);
        assertThat(version(2).tags()).containsEntry("mlops.performance", "CRITICAL");
        assertThat(fixture.backend.registry().getModel(RecoveryFixture.MODEL).orElseThrow().aliases())
                .containsEntry("champion", 1);
    }

    @Test
    void runsThatAreNoEvaluation_areIgnored() {
        fixture.tracking.logBatch(fixture.runs.get(0), new BatchRequest(List.of(new MetricPoint("accuracy", 0.1,
                1, 1)), List.of(), List.of()));

        assertThat(fixture.events.of(DomainEvent.ModelPerformanceDegraded.class)).isEmpty();
    }

    private void evaluate(int version, double accuracy) {
        var run = fixture.tracking.createRun(fixture.experimentId, "evaluator", "eval", System.currentTimeMillis(),
                List.of(new Tag(PerformanceMonitor.EVALUATED_MODEL_TAG, RecoveryFixture.MODEL),
                        new Tag(PerformanceMonitor.EVALUATED_VERSION_TAG, Integer.toString(version))), null);
        fixture.tracking.logBatch(run.runId(), new BatchRequest(List.of(new MetricPoint("accuracy", accuracy,
                System.currentTimeMillis(), 0)), List.of(), List.of()));
    }

    private ModelVersion version(int number) {
        return fixture.backend.registry().getVersion(RecoveryFixture.MODEL, number).orElseThrow();
    }
}

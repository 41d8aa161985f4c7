package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.testsupport.AwsEmulatorExtension;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Races decided by conditional writes alone. Each writer gets its own store and client, as separate Lambda
 * instances would have: nothing in-process serialises them.
 */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoConcurrencyTest {

    private static final int WRITERS = 12;
    private DynamoFixture fixture;
    private final List<DynamoFixture> others = new ArrayList<>();

    @BeforeEach
    void open() {
        fixture = DynamoFixture.create();
        for (int i = 0; i < WRITERS; i++) {
            others.add(fixture.sibling());
        }
    }

    @AfterEach
    void close() {
        others.forEach(DynamoFixture::close);
        fixture.close();
    }

    @Test
    void createExperiment_shouldLetExactlyOneWin_inEveryRound() throws Exception {
        for (int round = 0; round < 5; round++) {
            String name = "race-" + UUID.randomUUID();

            List<Boolean> won = race(i -> {
                try {
                    others.get(i).metadata.createExperiment(new NewExperiment(name, null, Map.of(), 1));
                    return true;
                } catch (ResourceAlreadyExistsException lost) {
                    return false;
                }
            });

            assertThat(won).containsOnlyOnce(true);
            assertThat(fixture.metadata.getExperimentByName(name)).isPresent();
        }
    }

    @Test
    void createExperiment_shouldAllocateDistinctIds_whenDifferentNamesRace() throws Exception {
        List<Experiment> created = race(i -> others.get(i).metadata.createExperiment(
                new NewExperiment("many-" + i + "-" + UUID.randomUUID(), null, Map.of(), 1)));

        Set<String> ids = new HashSet<>();
        created.forEach(e -> ids.add(e.experimentId()));
        assertThat(ids).hasSize(WRITERS).doesNotContain(Experiment.DEFAULT_ID);
        for (Experiment e : created) {
            assertThat(fixture.metadata.getExperiment(e.experimentId())).contains(e);
        }
    }

    @Test
    void updateRunData_shouldKeepOneValue_whenConflictingParamWritesRace() throws Exception {
        Run run = TestRuns.run(TestRuns.experiment(fixture.metadata), 1);
        fixture.metadata.insertRun(run);

        List<String> outcomes = race(i -> {
            try {
                others.get(i).metadata.updateRunData(run.runId(), new RunUpdate(Map.of("lr", "v" + i), Map.of(),
                        List.of(), List.of()));
                return "v" + i;
            } catch (InvalidParameterException clash) {
                return null;
            }
        });

        List<String> winners = outcomes.stream().filter(o -> o != null).toList();
        assertThat(winners).hasSize(1);
        assertThat(fixture.metadata.getRun(run.runId()).orElseThrow().params()).containsExactlyEntriesOf(
                Map.of("lr", winners.get(0)));
    }

    @Test
    void updateRunData_shouldAcceptEveryWriter_whenTheyLogTheSameParamValue() throws Exception {
        Run run = TestRuns.run(TestRuns.experiment(fixture.metadata), 1);
        fixture.metadata.insertRun(run);

        List<Boolean> results = race(i -> {
            others.get(i).metadata.updateRunData(run.runId(), new RunUpdate(
                    Map.of("lr", "0.1"), Map.of("writer" + i, "x"), List.of(), List.of()));
            return true;
        });

        assertThat(results).hasSize(WRITERS);
        Run stored = fixture.metadata.getRun(run.runId()).orElseThrow();
        assertThat(stored.params()).containsExactlyEntriesOf(Map.of("lr", "0.1"));
        assertThat(stored.tags()).hasSize(WRITERS);
    }

    @Test
    void updateRunData_shouldKeepTheNewestLatestValue_whenMetricWritersRace() throws Exception {
        Run run = TestRuns.run(TestRuns.experiment(fixture.metadata), 1);
        fixture.metadata.insertRun(run);

        race(i -> {
            others.get(i).metadata.updateRunData(run.runId(), new RunUpdate(Map.of(), Map.of(), List.of(),
                    List.of(new MetricPoint("loss", 1.0 / (i + 1), 100 - i, i))));
            return true;
        });

        MetricPoint latest = fixture.metadata.getRun(run.runId()).orElseThrow().latestMetrics().get("loss");
        assertThat(latest.step()).isEqualTo(WRITERS - 1);
    }

    private <T> List<T> race(Attempt<T> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Callable<T>> tasks = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                int n = i;
                tasks.add(() -> attempt.run(n));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run(int writer) throws Exception;
    }
}

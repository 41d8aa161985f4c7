package dev.mlops.core.search;

import static dev.mlops.core.search.RunFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunOrderingTest {

    private static List<String> sorted(List<String> orderBy, Run... runs) {
        List<Run> list = new ArrayList<>(List.of(runs));
        Collections.shuffle(list, new Random(7));
        list.sort(RunOrdering.comparator(OrderByParser.parseRunOrderBy(orderBy)));
        return list.stream().map(Run::runId).toList();
    }

    @Test
    void comparator_shouldOrderByStartTimeDescThenRunIdAsc_whenNoOrderByIsGiven() {
        // Act
        List<String> ids = sorted(List.of(),
                run("b").start(10).build(), run("a").start(10).build(), run("c").start(30).build(),
                run("d").start(20).build());

        // Assert
        assertThat(ids).containsExactly("c", "d", "a", "b");
    }

    @Test
    void comparator_shouldPutNanAfterNumbersAndMissingLast_whenMetricAscending() {
        // Act
        List<String> ids = sorted(List.of("metrics.m ASC"),
                run("missing").build(), run("nan").metric("m", Double.NaN).build(),
                run("two").metric("m", 2).build(), run("minus-inf").metric("m", Double.NEGATIVE_INFINITY).build(),
                run("inf").metric("m", Double.POSITIVE_INFINITY).build(), run("one").metric("m", 1).build());

        // Assert
        assertThat(ids).containsExactly("minus-inf", "one", "two", "inf", "nan", "missing");
    }

    @Test
    void comparator_shouldStillPutNanThenMissingLast_whenMetricDescending() {
        // Act
        List<String> ids = sorted(List.of("metrics.m DESC"),
                run("missing").build(), run("nan").metric("m", Double.NaN).build(),
                run("two").metric("m", 2).build(), run("inf").metric("m", Double.POSITIVE_INFINITY).build(),
                run("one").metric("m", 1).build());

        // Assert
        assertThat(ids).containsExactly("inf", "two", "one", "nan", "missing");
    }

    @Test
    void comparator_shouldPutMissingParamsLast_whenAscendingOrDescending() {
        // Arrange
        Run a = run("a").param("p", "alpha").build();
        Run b = run("b").param("p", "beta").build();
        Run none = run("none").build();

        // Act + Assert
        assertThat(sorted(List.of("params.p ASC"), none, b, a)).containsExactly("a", "b", "none");
        assertThat(sorted(List.of("params.p DESC"), none, b, a)).containsExactly("b", "a", "none");
    }

    @Test
    void comparator_shouldPutRunningRunsLast_whenOrderingOnEndTimeEitherWay() {
        // Arrange
        Run early = run("early").end(100L).build();
        Run late = run("late").end(200L).build();
        Run running = run("running").end(null).build();

        // Act + Assert
        assertThat(sorted(List.of("end_time"), running, late, early)).containsExactly("early", "late", "running");
        assertThat(sorted(List.of("end_time DESC"), running, late, early))
                .containsExactly("late", "early", "running");
    }

    @Test
    void comparator_shouldCompareParamsAsText_whenValuesLookNumeric() {
        // Act: params are strings in MLflow, so "10" sorts before "9".
        List<String> ids = sorted(List.of("params.n"),
                run("nine").param("n", "9").build(), run("ten").param("n", "10").build());

        // Assert
        assertThat(ids).containsExactly("ten", "nine");
    }

    @Test
    void comparator_shouldBreakTiesOnStartTimeDescThenRunId_whenOrderByValuesAreEqual() {
        // Act
        List<String> ids = sorted(List.of("metrics.m DESC"),
                run("b").metric("m", 1).start(5).build(), run("a").metric("m", 1).start(5).build(),
                run("c").metric("m", 1).start(9).build(), run("top").metric("m", 2).start(1).build());

        // Assert
        assertThat(ids).containsExactly("top", "c", "a", "b");
    }

    @Test
    void comparator_shouldBreakTiesOnRunIdOnly_whenStartTimeIsAlreadyOrdered() {
        // Act
        List<String> ids = sorted(List.of("start_time ASC"),
                run("b").start(5).build(), run("a").start(5).build(), run("z").start(1).build());

        // Assert
        assertThat(ids).containsExactly("z", "a", "b");
    }

    @Test
    void comparator_shouldApplyClausesInOrder_whenSeveralAreGiven() {
        // Act
        List<String> ids = sorted(List.of("tags.team", "metrics.acc DESC"),
                run("ml-low").tag("team", "ml").metric("acc", 0.1).build(),
                run("ds").tag("team", "ds").metric("acc", 0.5).build(),
                run("ml-high").tag("team", "ml").metric("acc", 0.9).build());

        // Assert
        assertThat(ids).containsExactly("ds", "ml-high", "ml-low");
    }

    @Test
    void comparator_shouldOrderByStatusName_whenOrderingOnStatus() {
        // Act
        List<String> ids = sorted(List.of("status"),
                run("running").status(RunStatus.RUNNING).build(),
                run("failed").status(RunStatus.FAILED).build(),
                run("finished").status(RunStatus.FINISHED).build());

        // Assert
        assertThat(ids).containsExactly("failed", "finished", "running");
    }
}

package dev.mlops.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExperimentOrderingTest {

    private static Experiment experiment(String id, String name, long created, long updated) {
        return new Experiment(id, name, "s3://b/" + id, LifecycleStage.ACTIVE, created, updated, Map.of());
    }

    private static List<String> sorted(List<String> orderBy, Experiment... experiments) {
        List<Experiment> list = new ArrayList<>(List.of(experiments));
        Collections.shuffle(list, new Random(3));
        list.sort(ExperimentOrdering.comparator(OrderByParser.parseExperimentOrderBy(orderBy)));
        return list.stream().map(Experiment::experimentId).toList();
    }

    @Test
    void comparator_shouldOrderByCreationDescThenIdAsc_whenNoOrderByIsGiven() {
        // Act
        List<String> ids = sorted(List.of(),
                experiment("2", "b", 100, 0), experiment("1", "a", 100, 0), experiment("3", "c", 300, 0),
                experiment("10", "d", 100, 0));

        // Assert
        assertThat(ids).containsExactly("3", "1", "2", "10");
    }

    @Test
    void comparator_shouldBreakTiesOnIdDescending_whenOrderByOmitsExperimentId() {
        // Act
        List<String> ids = sorted(List.of("name"),
                experiment("2", "same", 0, 0), experiment("10", "same", 0, 0), experiment("9", "same", 0, 0),
                experiment("1", "first", 0, 0));

        // Assert
        assertThat(ids).containsExactly("1", "10", "9", "2");
    }

    @Test
    void comparator_shouldUseOnlyGivenIdDirection_whenOrderByNamesExperimentId() {
        // Act
        List<String> ids = sorted(List.of("experiment_id ASC"),
                experiment("10", "x", 0, 0), experiment("9", "y", 0, 0), experiment("abc", "z", 0, 0));

        // Assert: numeric ids compare as numbers and come before non-numeric ones.
        assertThat(ids).containsExactly("9", "10", "abc");
    }

    @Test
    void comparator_shouldOrderByLastUpdateTime_whenRequestedDescending() {
        // Act
        List<String> ids = sorted(List.of("last_update_time DESC"),
                experiment("1", "a", 0, 10), experiment("2", "b", 0, 30), experiment("3", "c", 0, 20));

        // Assert
        assertThat(ids).containsExactly("2", "3", "1");
    }
}

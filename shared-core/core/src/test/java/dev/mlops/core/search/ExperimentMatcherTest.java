package dev.mlops.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentMatcherTest {

    private static final Experiment EXPERIMENT = new Experiment("12", "churn-model", "s3://b/12",
            LifecycleStage.ACTIVE, 1_000L, 5_000L, Map.of("team", "ml", "mlflow.note.content", "hello"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "name = 'churn-model'                    | true",
        "name LIKE 'churn%'                      | true",
        "name LIKE 'CHURN%'                      | false",
        "name ILIKE 'CHURN%'                     | true",
        "name LIKE 'churn.model'                 | false",
        "name != 'churn-model'                   | false",
        "experiment_id = '12'                    | true",
        "experiment_id IN ('1', '12')            | true",
        "experiment_id NOT IN ('12')             | false",
        "creation_time = 1000                    | true",
        "creation_time > 1000                    | false",
        "last_update_time >= 5000                | true",
        "attribute.last_update_time < 5000       | false",
        "tags.team = 'ml'                        | true",
        "tags.`mlflow.note.content` LIKE 'he%'   | true",
        "tags.missing = 'x'                      | false",
        "tags.missing != 'x'                     | false",
        "tags.missing IS NULL                    | true",
        "tags.team IS NULL                       | false",
        "tags.team IS NOT NULL                   | true",
        "name LIKE 'churn%' AND tags.team = 'ml' | true",
        "name LIKE 'churn%' AND tags.team = 'ds' | false",
    })
    void matches_shouldEvaluateAttributesAndTags_whenFilterIsParsed(String filter, boolean expected) {
        // Act
        boolean result = ExperimentMatcher.matches(SearchFilterParser.parseExperimentFilter(filter), EXPERIMENT);

        // Assert
        assertThat(result).isEqualTo(expected);
    }
}

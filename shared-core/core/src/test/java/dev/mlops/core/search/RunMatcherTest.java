package dev.mlops.core.search;

import static dev.mlops.core.search.RunFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.error.InvalidParameterException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunMatcherTest {

    private static boolean matches(String filter, Run run) {
        return RunMatcher.matches(SearchFilterParser.parseRunFilter(filter), run);
    }

    @Test
    void matches_shouldMatchEveryRun_whenFilterIsAll() {
        assertThat(RunMatcher.matches(SearchFilter.ALL, run("r1").build())).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "metrics.acc > 0.5   | true",
        "metrics.acc >= 0.9  | true",
        "metrics.acc = 0.9   | true",
        "metrics.acc != 0.9  | false",
        "metrics.acc < 0.9   | false",
        "metrics.acc <= 0.9  | true",
        "metrics.acc > 0.95  | false",
        "metrics.missing > 0 | false",
        "metrics.missing != 0 | false",
        "metrics.`my key` = -0 | true",
    })
    void matches_shouldCompareLatestValue_whenFilteringOnMetric(String filter, boolean expected) {
        // Arrange
        Run candidate = run("r1").metric("acc", 0.9).metric("my key", 0.0).build();

        // Act
        boolean result = matches(filter, candidate);

        // Assert
        assertThat(result).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "metrics.loss > 0       | false",
        "metrics.loss >= 0      | false",
        "metrics.loss < 0       | false",
        "metrics.loss <= 0      | false",
        "metrics.loss = 0       | false",
        "metrics.loss != 0      | true",
        "metrics.loss > -1e308  | false",
    })
    void matches_shouldFailEveryComparisonButNotEqual_whenMetricIsNaN(String filter, boolean expected) {
        // Arrange: MLflow stores NaN as 0 with is_nan set, and excludes it from every comparison except !=.
        Run candidate = run("r1").metric("loss", Double.NaN).build();

        // Act
        boolean result = matches(filter, candidate);

        // Assert
        assertThat(result).isEqualTo(expected);
    }

    @Test
    void matches_shouldCompareInfinity_whenMetricIsInfinite() {
        // Arrange
        Run candidate = run("r1").metric("m", Double.POSITIVE_INFINITY).build();

        // Act + Assert
        assertThat(matches("metrics.m > 1e308", candidate)).isTrue();
        assertThat(matches("metrics.m < 0", candidate)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "params.lr = '0.01'           | true",
        "params.lr = '0.010'          | false",
        "params.lr != '0.1'           | true",
        "params.missing != 'x'        | false",
        "params.model LIKE 'res%'     | true",
        "params.model LIKE 'Res%'     | false",
        "params.model ILIKE 'RES%'    | true",
        "params.model LIKE 'res_et50' | true",
        "params.model LIKE 'res_et'   | false",
        "params.\"a.b\" = 'dotted'    | true",
        "params.`my key` = 'spaced'   | true",
        "params.missing IS NULL       | true",
        "params.lr IS NULL            | false",
        "params.lr IS NOT NULL        | true",
        "params.missing IS NOT NULL   | false",
    })
    void matches_shouldCompareStrings_whenFilteringOnParam(String filter, boolean expected) {
        // Arrange
        Run candidate = run("r1").param("lr", "0.01").param("model", "resnet50").param("a.b", "dotted")
                .param("my key", "spaced").build();

        // Act
        boolean result = matches(filter, candidate);

        // Assert
        assertThat(result).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "tags.`v` LIKE 'a.b%'   | axbc      | false",
        "tags.`v` LIKE 'a.b%'   | a.bc      | true",
        "tags.v LIKE '50\\%'    | 50%       | true",
        "tags.v LIKE '50\\%'    | 500       | false",
        "tags.v LIKE 'a\\_b'    | a_b       | true",
        "tags.v LIKE 'a\\_b'    | acb       | false",
        "tags.v ILIKE 'A[1]%'   | a[1]x     | true",
        "tags.v ILIKE 'A[1]%'   | a1x       | false",
        "tags.v = 'it''s'       | it's      | false",
        "tags.v = 'it''s'       | it''s     | true",
        "tags.v = \"it's\"      | it's      | true",
    })
    void matches_shouldTreatPatternCharactersLiterally_whenTagValueHasThem(String filter, String tagValue,
                                                                           boolean expected) {
        // Arrange
        Run candidate = run("r1").tag("v", tagValue).build();

        // Act
        boolean result = matches(filter, candidate);

        // Assert
        assertThat(result).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "run_id = 'abc123'                          | true",
        "attributes.run_id IN ('x', 'abc123')       | true",
        "run_id IN ('x', 'ABC123')                  | false",
        "run_id NOT IN ('x', 'y')                   | true",
        "run_id NOT IN ('abc123')                   | false",
        "run_name = 'train-1'                       | true",
        "`run name` LIKE 'train-%'                  | true",
        "status = 'FINISHED'                        | true",
        "status ILIKE 'finished'                    | true",
        "status LIKE 'finished'                     | false",
        "user_id != 'bob'                           | true",
        "artifact_uri LIKE 's3://bucket/%'          | true",
        "start_time = 1000                          | true",
        "created > 999                              | true",
        "start_time > 1000                          | false",
        "end_time <= 2000                           | true",
        "end_time != 5                              | true",
    })
    void matches_shouldReadRunInfo_whenFilteringOnAttribute(String filter, boolean expected) {
        // Arrange
        Run candidate = run("abc123").name("train-1").status(RunStatus.FINISHED).user("alice")
                .artifactUri("s3://bucket/1/abc123/artifacts").start(1000).end(2000L).build();

        // Act
        boolean result = matches(filter, candidate);

        // Assert
        assertThat(result).isEqualTo(expected);
    }

    @Test
    void matches_shouldNotMatch_whenRunHasNotEndedAndFilterUsesEndTime() {
        // Arrange
        Run running = run("r1").status(RunStatus.RUNNING).end(null).build();

        // Act + Assert
        assertThat(matches("end_time > 0", running)).isFalse();
        assertThat(matches("end_time != 0", running)).isFalse();
    }

    @Test
    void matches_shouldUseRunNameTag_whenRunInfoHasNoName() {
        // Arrange
        Run candidate = run("r1").name(null).tag("mlflow.runName", "from-tag").build();

        // Act + Assert
        assertThat(matches("run_name = 'from-tag'", candidate)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "dataset.name = 'train-set'                 | true",
        "dataset.name = 'other'                     | false",
        "dataset.name IN ('other', 'eval-set')      | true",
        "dataset.digest LIKE 'ab%'                  | true",
        "dataset.context = 'training'               | true",
        "dataset.context NOT IN ('training')        | true",
        "dataset.context NOT IN ('training', 'eval') | false",
        "dataset.context ILIKE 'TRAIN%'             | true",
        "dataset.name != 'train-set'                | true",
        "dataset.name = 'train-set' AND dataset.context = 'eval' | true",
    })
    void matches_shouldMatchAnyDatasetInput_whenFilteringOnDataset(String filter, boolean expected) {
        // Arrange
        Run candidate = run("r1").dataset("train-set", "ab12", "training").dataset("eval-set", "cd34", "eval")
                .build();

        // Act
        boolean result = matches(filter, candidate);

        // Assert
        assertThat(result).isEqualTo(expected);
    }

    @Test
    void matches_shouldNotMatchDatasetClauses_whenRunHasNoDatasets() {
        // Arrange
        Run candidate = run("r1").build();

        // Act + Assert
        assertThat(matches("dataset.name != 'x'", candidate)).isFalse();
        assertThat(matches("dataset.context NOT IN ('x')", candidate)).isFalse();
    }

    @Test
    void matches_shouldRequireEveryClause_whenClausesAreJoinedWithAnd() {
        // Arrange
        Run candidate = run("r1").metric("acc", 0.9).param("lr", "0.1").build();

        // Act + Assert
        assertThat(matches("metrics.acc > 0.5 AND params.lr = '0.1'", candidate)).isTrue();
        assertThat(matches("metrics.acc > 0.5 AND params.lr = '0.2'", candidate)).isFalse();
    }

    @Test
    void matches_shouldReject_whenComparisonWasBuiltWithAValueOfTheWrongType() {
        // Arrange: the parser never builds this; a hand-made filter is still refused rather than guessed at.
        SearchFilter filter = new SearchFilter(List.of(
                new Comparison(EntityType.METRIC, "acc", Comparator.LIKE, new Literal.Text("1%"))));

        // Act + Assert
        assertThatThrownBy(() -> RunMatcher.matches(filter, run("r1").metric("acc", 1).build()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Invalid comparator 'LIKE'");
    }
}

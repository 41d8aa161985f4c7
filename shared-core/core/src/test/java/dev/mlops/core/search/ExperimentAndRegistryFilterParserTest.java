package dev.mlops.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentAndRegistryFilterParserTest {

    @Test
    void parseExperiment_shouldReadAttributesAndTags_whenJoinedWithAnd() {
        // Act
        SearchFilter parsed = SearchFilterParser.parseExperimentFilter(
                "name LIKE 'exp-%' and attribute.creation_time >= 100 AND tags.`team.name` = 'ml'");

        // Assert
        assertThat(parsed.clauses()).containsExactly(
                new Comparison(EntityType.ATTRIBUTE, "name", Comparator.LIKE, new Literal.Text("exp-%")),
                new Comparison(EntityType.ATTRIBUTE, "creation_time", Comparator.GTE, new Literal.Number(100)),
                new Comparison(EntityType.TAG, "team.name", Comparator.EQ, new Literal.Text("ml")));
    }

    @Test
    void parseExperiment_shouldReadIdList_whenExperimentIdUsesIn() {
        // Act
        SearchFilter parsed = SearchFilterParser.parseExperimentFilter("experiment_id IN ('1', '2')");

        // Assert
        assertThat(parsed.clauses()).containsExactly(new Comparison(EntityType.ATTRIBUTE, "experiment_id",
                Comparator.IN, new Literal.TextList(List.of("1", "2"))));
    }

    @Test
    void parseExperiment_shouldAcceptTagNullChecks_whenTagIsAbsentOrPresent() {
        // Act
        SearchFilter parsed = SearchFilterParser.parseExperimentFilter("tags.a IS NULL AND tag.b IS NOT NULL");

        // Assert
        assertThat(parsed.clauses()).extracting(Comparison::comparator)
                .containsExactly(Comparator.IS_NULL, Comparator.IS_NOT_NULL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "attributes.name = 'x'      | Invalid entity type 'attributes'",
        "attr.name = 'x'            | Invalid entity type 'attr'",
        "metrics.x > 1              | Invalid entity type 'metrics'",
        "params.x = 'a'             | Invalid entity type 'params'",
        "dataset.name = 'a'         | Invalid entity type 'dataset'",
        "lifecycle_stage = 'active' | Invalid attribute key 'lifecycle_stage'",
        "name IN ('a')              | Only [experiment_id] attributes support comparison with a list",
        "creation_time = 'x'        | Expected numeric value type for numeric attribute: creation_time",
        "creation_time > 5.5        | Invalid value for numeric attribute 'creation_time'",
        "name = 1                   | Expected a quoted string value for attribute",
        "experiment_id LIKE '1%'    | Invalid comparator 'LIKE'",
        "name IS NULL               | Invalid comparator 'IS NULL'",
        "name = 'a' OR name = 'b'   | do not support OR",
    })
    void parseExperiment_shouldReject_whenKeyComparatorOrValueIsNotMlflows(String filter, String message) {
        assertThatThrownBy(() -> SearchFilterParser.parseExperimentFilter(filter))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(message);
    }

    @Test
    void parseModel_shouldReadNameAndTags_whenRegistryFilterIsValid() {
        // Act
        SearchFilter parsed = SearchFilterParser.parseModelFilter(
                "name ILIKE '%Churn%' AND tags.`stage.owner` != 'bob' AND attribute.name IN ('a', 'b')");

        // Assert
        assertThat(parsed.clauses()).containsExactly(
                new Comparison(EntityType.ATTRIBUTE, "name", Comparator.ILIKE, new Literal.Text("%Churn%")),
                new Comparison(EntityType.TAG, "stage.owner", Comparator.NEQ, new Literal.Text("bob")),
                new Comparison(EntityType.ATTRIBUTE, "name", Comparator.IN, new Literal.TextList(List.of("a", "b"))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "run_id = 'x'                 | Invalid attribute key 'run_id'",
        "creation_timestamp > 1       | Invalid attribute key 'creation_timestamp'",
        "attributes.name = 'x'        | Invalid entity type 'attributes'",
        "name > 'a'                   | Invalid comparator '>'",
        "tags.x IS NULL               | Invalid comparator 'IS NULL'",
        "tags.x IN ('a')              | Invalid comparator 'IN'",
    })
    void parseModel_shouldReject_whenKeyOrComparatorIsNotAllowed(String filter, String message) {
        assertThatThrownBy(() -> SearchFilterParser.parseModelFilter(filter))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(message);
    }

    @Test
    void parseModelVersion_shouldReadEveryKey_whenFilterIsValid() {
        // Act
        SearchFilter parsed = SearchFilterParser.parseModelVersionFilter(
                "name = 'm' AND version_number > 2 AND run_id IN ('r1', 'r2') AND source_path LIKE 's3://%'"
                        + " AND tags.t ILIKE 'x'");

        // Assert
        assertThat(parsed.clauses()).containsExactly(
                new Comparison(EntityType.ATTRIBUTE, "name", Comparator.EQ, new Literal.Text("m")),
                new Comparison(EntityType.ATTRIBUTE, "version_number", Comparator.GT, new Literal.Number(2)),
                new Comparison(EntityType.ATTRIBUTE, "run_id", Comparator.IN,
                        new Literal.TextList(List.of("r1", "r2"))),
                new Comparison(EntityType.ATTRIBUTE, "source_path", Comparator.LIKE, new Literal.Text("s3://%")),
                new Comparison(EntityType.TAG, "t", Comparator.ILIKE, new Literal.Text("x")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "foo = 'x'                     | Invalid attribute key 'foo'",
        "version_number > 1.5          | Invalid value for numeric attribute 'version_number'",
        "version_number LIKE '1'       | Invalid comparator 'LIKE'",
        "version_number IN ('1')       | Invalid comparator 'IN'",
        "source_path IN ('a')          | Only [name, run_id] attributes support comparison with a list",
        "name = 1                      | Expected a quoted string value for attribute",
        "metrics.m > 1                 | Invalid entity type 'metrics'",
    })
    void parseModelVersion_shouldReject_whenKeyComparatorOrValueIsNotAllowed(String filter, String message) {
        assertThatThrownBy(() -> SearchFilterParser.parseModelVersionFilter(filter))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(message);
    }
}

package dev.mlops.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderByParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "metrics.`my key` DESC        | METRIC    | my key         | false",
        "metrics.\"my key\" asc       | METRIC    | my key         | true",
        "metric.x                     | METRIC    | x              | true",
        "params.a.b                   | PARAM     | a.b            | true",
        "param.'quoted' DeSc          | PARAM     | quoted         | false",
        "tags.`mlflow.runName` DESC   | TAG       | mlflow.runName | false",
        "start_time                   | ATTRIBUTE | start_time     | true",
        "created desc                 | ATTRIBUTE | start_time     | false",
        "attributes.run_name DESC     | ATTRIBUTE | run_name       | false",
        "attr.end_time                | ATTRIBUTE | end_time       | true",
        "~  metrics.x   DESC  ~       | METRIC    | x              | false",
    })
    void parseRun_shouldReadEntityKeyAndDirection_whenClauseIsValid(String clause, EntityType type, String key,
                                                                     boolean ascending) {
        // Act
        List<OrderBy> parsed = OrderByParser.parseRunOrderBy(List.of(clause));

        // Assert
        assertThat(parsed).containsExactly(new OrderBy(type, key, ascending));
    }

    @Test
    void parseRun_shouldKeepClauseOrder_whenSeveralAreGiven() {
        // Act
        List<OrderBy> parsed = OrderByParser.parseRunOrderBy(List.of("metrics.loss", "params.lr DESC", "run_id"));

        // Assert
        assertThat(parsed).containsExactly(
                new OrderBy(EntityType.METRIC, "loss", true),
                new OrderBy(EntityType.PARAM, "lr", false),
                new OrderBy(EntityType.ATTRIBUTE, "run_id", true));
    }

    @Test
    void parseRun_shouldReturnEmpty_whenListIsNullOrEmpty() {
        assertThat(OrderByParser.parseRunOrderBy(null)).isEmpty();
        assertThat(OrderByParser.parseRunOrderBy(List.of())).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "metrics.x DESC extra      | Could not be parsed",
        "metrics.x up              | Invalid ordering key in order_by clause 'metrics.x up'",
        "metrics.x,metrics.y       | Could not be parsed",
        "~~                        | Could not be parsed",
        "~   ~                     | Could not be parsed",
        "run name                  | Invalid ordering key",
        "`run name`                | Invalid attribute key 'run name'",
        "lifecycle_stage           | Invalid attribute key 'lifecycle_stage'",
        "experiment_id             | Invalid attribute key 'experiment_id'",
        "foo.bar                   | Invalid entity type 'foo'",
        "attributes.foo            | Invalid attribute key 'foo'",
        "dataset.name              | Invalid order_by entity type 'dataset'",
        "'metrics.x'               | Could not be parsed",
        "metrics.`x                | unterminated quoted text",
        "DESC metrics.x            | Invalid ordering key",
    })
    void parseRun_shouldReject_whenClauseIsGarbage(String clause, String message) {
        assertThatThrownBy(() -> OrderByParser.parseRunOrderBy(List.of(clause)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(message);
    }

    @Test
    void parseRun_shouldReject_whenClauseIsNull() {
        assertThatThrownBy(() -> OrderByParser.parseRunOrderBy(Arrays.asList("metrics.x", null)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Could not be parsed");
    }

    @Test
    void parseRun_shouldReject_whenSameFieldIsOrderedTwice() {
        assertThatThrownBy(() -> OrderByParser.parseRunOrderBy(List.of("created DESC", "start_time ASC")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("duplicate fields");
    }

    @Test
    void parseExperiment_shouldReadAttributes_whenClausesAreValid() {
        // Act
        List<OrderBy> parsed = OrderByParser.parseExperimentOrderBy(
                List.of("name", "experiment_id DESC", "attribute.creation_time asc", "last_update_time DESC"));

        // Assert
        assertThat(parsed).containsExactly(
                new OrderBy(EntityType.ATTRIBUTE, "name", true),
                new OrderBy(EntityType.ATTRIBUTE, "experiment_id", false),
                new OrderBy(EntityType.ATTRIBUTE, "creation_time", true),
                new OrderBy(EntityType.ATTRIBUTE, "last_update_time", false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "tags.x            | Invalid order_by entity: tag",
        "attributes.name   | Invalid entity type 'attributes'",
        "metrics.x         | Invalid entity type 'metrics'",
        "start_time        | Invalid attribute key 'start_time'",
        "name DESC ASC     | Could not be parsed",
    })
    void parseExperiment_shouldReject_whenClauseIsNotAnExperimentAttribute(String clause, String message) {
        assertThatThrownBy(() -> OrderByParser.parseExperimentOrderBy(List.of(clause)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(message);
    }
}

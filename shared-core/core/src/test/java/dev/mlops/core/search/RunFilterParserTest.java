package dev.mlops.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RunFilterParserTest {

    private static Comparison single(String filter) {
        SearchFilter parsed = SearchFilterParser.parseRunFilter(filter);
        assertThat(parsed.clauses()).hasSize(1);
        return parsed.clauses().get(0);
    }

    private static void assertRejected(String filter, String messagePart) {
        assertThatThrownBy(() -> SearchFilterParser.parseRunFilter(filter))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(messagePart);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void parse_shouldReturnAll_whenFilterIsNullOrBlank(String filter) {
        // Act
        SearchFilter parsed = SearchFilterParser.parseRunFilter(filter);

        // Assert
        assertThat(parsed).isSameAs(SearchFilter.ALL);
    }

    @Test
    void parse_shouldBuildComparison_whenMetricIsComparedToNumber() {
        // Act
        Comparison clause = single("metrics.acc >= 0.9");

        // Assert
        assertThat(clause).isEqualTo(new Comparison(EntityType.METRIC, "acc", Comparator.GTE, new Literal.Number(0.9)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "metrics.`my key` > 1          | METRIC | my key",
        "metric.\"x y\" > 1            | METRIC | x y",
        "params.\"a.b\" = 'x'          | PARAM  | a.b",
        "params.'a' = 'x'              | PARAM  | a",
        "params.a.b = 'x'              | PARAM  | a.b",
        "params.`my-param` = 'x'       | PARAM  | my-param",
        "parameter.`with space.and-dash` = 'x' | PARAM | with space.and-dash",
        "tags.`mlflow.parentRunId` = 'x' | TAG  | mlflow.parentRunId",
        "tags.mlflow.runName = 'x'     | TAG    | mlflow.runName",
        "`metrics`.x > 1               | METRIC | x",
        "metrics.`x` = 1               | METRIC | x",
    })
    void parse_shouldUnquoteKey_whenKeyIsQuotedOrDotted(String filter, EntityType type, String key) {
        // Act
        Comparison clause = single(filter);

        // Assert
        assertThat(clause.type()).isEqualTo(type);
        assertThat(clause.key()).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "params.my param = 'x'   | Quote keys that contain spaces",
        "params.my-param = 'x'   | Expected a comparator",
        "params . x = 'x'        | Invalid attribute key 'params'",
    })
    void parse_shouldReject_whenKeyNeedsQuotesButHasNone(String filter, String message) {
        assertRejected(filter, message);
    }

    @Test
    void parse_shouldAcceptDoubleQuotedValue_whenComparingParam() {
        // Act
        Comparison clause = single("params.model = \"resnet\"");

        // Assert
        assertThat(clause.value()).isEqualTo(new Literal.Text("resnet"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        // MLflow only trims the outer quotes: escape sequences reach the comparison verbatim.
        "tags.x = 'it''s'              | it''s",
        "tags.x = 'it\\'s'             | it\\'s",
        "tags.x = \"say \\\"hi\\\"\"   | say \\\"hi\\\"",
        "tags.x = \"it's\"             | it's",
        "tags.x = 'a\"b'               | a\"b",
        "tags.x = ''                   | ~~",
        "tags.x = 'a AND b OR c'       | a AND b OR c",
        "tags.x = 'multi word value'   | multi word value",
    })
    void parse_shouldKeepQuotedValueVerbatim_whenItContainsQuotesOrKeywords(String filter, String expected) {
        // Act
        Comparison clause = single(filter);

        // Assert
        assertThat(clause.value()).isEqualTo(new Literal.Text(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "params.a = 'x' and params.b = 'y'",
        "params.a = 'x' AND params.b = 'y'",
        "params.a = 'x' AnD params.b = 'y'",
        "params.a = 'x'AND params.b = 'y'",
        "  params.a = 'x'\n\tAND\n params.b = 'y'  ",
    })
    void parse_shouldJoinClauses_whenAndIsWrittenInAnyCase(String filter) {
        // Act
        SearchFilter parsed = SearchFilterParser.parseRunFilter(filter);

        // Assert
        assertThat(parsed.clauses()).extracting(Comparison::key).containsExactly("a", "b");
    }

    @Test
    void parse_shouldKeepEveryClause_whenThreeKindsAreJoined() {
        // Act
        SearchFilter parsed = SearchFilterParser.parseRunFilter(
                "params.x = 'a' AND metrics.y > 2 and tags.z != 'w'");

        // Assert
        assertThat(parsed.clauses()).containsExactly(
                new Comparison(EntityType.PARAM, "x", Comparator.EQ, new Literal.Text("a")),
                new Comparison(EntityType.METRIC, "y", Comparator.GT, new Literal.Number(2)),
                new Comparison(EntityType.TAG, "z", Comparator.NEQ, new Literal.Text("w")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "params.a = 'x' OR params.b = 'y'         | do not support OR",
        "params.a = 'x' or params.b = 'y'         | do not support OR",
        "(params.a = 'x')                         | do not support parentheses",
        "params.a = 'x' AND (params.b = 'y')      | do not support parentheses",
        "NOT params.a = 'x'                       | Invalid clause(s) in filter string: 'NOT'",
        "metrics.x = 1 AND NOT metrics.y = 2      | 'NOT'",
        "params.x = 'a' params.y = 'b'            | Join comparisons with AND",
        "metrics.x = 1 AND                        | after the final AND",
        "AND metrics.x = 1                        | 'AND'",
        "params.x = 'a' AND AND params.y = 'b'    | 'AND'",
        "run_id = 'a';run_id='b'                  | Invalid clause(s)",
        "metrics.x BETWEEN 1 AND 2                | Expected a comparator",
        "params.x = 'x' -- comment                | Invalid clause(s)",
        "metrics.x > 1)                           | Invalid clause(s)",
    })
    void parse_shouldReject_whenFilterUsesUnsupportedGrammar(String filter, String message) {
        assertRejected(filter, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "metrics.m > -1.5e3 | -1500",
        "metrics.m > 1E3    | 1000",
        "metrics.m >= .5    | 0.5",
        "metrics.m > 1.     | 1",
        "metrics.m = -0     | -0.0",
        "metrics.m = 1e-3   | 0.001",
        "metrics.m<=2       | 2",
    })
    void parse_shouldReadNumber_whenMetricValueIsNumeric(String filter, double expected) {
        // Act
        Comparison clause = single(filter);

        // Assert
        assertThat(clause.value()).isEqualTo(new Literal.Number(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "metrics.m = 'NaN'       | Expected numeric value type for metric. Found 'NaN'",
        "metrics.m = NaN         | Expected numeric value type for metric. Found NaN",
        "metrics.m > +1          | Expected numeric value type for metric",
        "metrics.m > 0x10        | Expected numeric value type for metric",
        "metrics.x>=1AND metrics.y<2 | Found 1AND",
        "metrics.m > '1'         | Expected numeric value type for metric",
        "start_time = '5'        | Expected numeric value type for numeric attribute: start_time",
        "params.x = 1            | Expected a quoted string value for parameter",
        "params.x = a            | Parameter value is either not quoted",
        "params.x = `a`          | Parameter value is either not quoted",
        "tags.x = 'unterminated  | unterminated quoted text",
        "metrics.m >             | expected a value",
    })
    void parse_shouldReject_whenValueHasWrongType(String filter, String message) {
        assertRejected(filter, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "created > 5                   | start_time",
        "Created > 5                   | start_time",
        "attributes.created > 5        | start_time",
        "attr.start_time > 5           | start_time",
        "run.end_time > 5              | end_time",
        "`run name` = 'x'              | run_name",
        "attributes.`Run name` = 'x'   | run_name",
        "attribute.\"Run Name\" = 'x'  | run_name",
        "run_name = 'x'                | run_name",
        "`run_id` = 'x'                | run_id",
        "status = 'RUNNING'            | status",
        "user_id = 'x'                 | user_id",
        "artifact_uri = 'x'            | artifact_uri",
    })
    void parse_shouldNormaliseAttribute_whenAliasOrPrefixIsUsed(String filter, String canonical) {
        // Act
        Comparison clause = single(filter);

        // Assert
        assertThat(clause.type()).isEqualTo(EntityType.ATTRIBUTE);
        assertThat(clause.key()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "lifecycle_stage = 'active'  | Invalid attribute key 'lifecycle_stage'",
        "attributes.foo = 'a'        | Invalid attribute key 'foo'",
        "RUN_ID = 'x'                | Invalid attribute key 'RUN_ID'",
        "name = 'x'                  | Invalid attribute key 'name'",
        "foo.bar = 'a'               | Invalid entity type 'foo'",
        "PARAMS.x = 'a'              | Invalid entity type 'PARAMS'",
        "\"params\".x = 'a'          | Invalid entity type '\"params\"'",
        "dataset.foo = 'a'           | Invalid dataset key 'foo'",
        "params.`` = 'a'             | Invalid identifier",
        "'params'.x = 'a'            | Expected an identifier",
        "= 'a'                       | Expected an identifier",
    })
    void parse_shouldReject_whenIdentifierIsUnknown(String filter, String message) {
        assertRejected(filter, message);
    }

    @Test
    void parse_shouldReadList_whenInHasSpacesAndMixedQuotes() {
        // Act
        Comparison clause = single("attributes.run_id IN ( 'a' , \"b\",'c d' )");

        // Assert
        assertThat(clause.comparator()).isEqualTo(Comparator.IN);
        assertThat(clause.value()).isEqualTo(new Literal.TextList(List.of("a", "b", "c d")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        // List items are Python string literals in MLflow (ast.literal_eval): escapes apply, adjacent ones join.
        "run_id IN ('it\\'s')     | it's",
        "run_id IN (\"a\\\"b\")   | a\"b",
        "run_id IN ('a\\\\b')     | a\\b",
        "run_id IN ('it''s')      | its",
        "run_id IN ('a,b')        | a,b",
        "run_id IN('a',)          | a",
        "run_id IN ('')           | ~~",
    })
    void parse_shouldReadListItemLikePython_whenItemHasEscapes(String filter, String expected) {
        // Act
        Comparison clause = single(filter);

        // Assert
        assertThat(clause.value()).isEqualTo(new Literal.TextList(List.of(expected)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"run_id NOT IN ('a')", "run_id not in ('a')", "run_id NOT  IN('a')", "run_id Not In ('a')"})
    void parse_shouldReadNotIn_whenWrittenInAnyCaseOrSpacing(String filter) {
        // Act
        Comparison clause = single(filter);

        // Assert
        assertThat(clause.comparator()).isEqualTo(Comparator.NOT_IN);
        assertThat(clause.value()).isEqualTo(new Literal.TextList(List.of("a")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "run_id IN ()              | got empty list",
        "run_id IN ( )             | got empty list",
        "run_id IN ('a', 1)        | got different type in list: ('a', 1)",
        "run_id IN ('a' 'b'        | ill-formed list",
        "run_id IN ('a', , 'b')    | ill-formed list",
        "run_id IN (a)             | ill-formed list",
        "run_id IN 'a'             | Expected a parenthesised list",
        "run_id = ('a')            | only allowed with IN or NOT IN",
        "run_id NOT 'a'            | expected 'NOT IN'",
        "status IN ('RUNNING')     | Only [run_id] attributes support comparison with a list",
        "run_name NOT IN ('x')     | Only [run_id] attributes support comparison with a list",
        "params.x IN ('a')         | Invalid comparator 'IN'",
        "start_time IN ('1')       | Invalid comparator 'IN'",
    })
    void parse_shouldReject_whenListIsMalformedOrNotAllowed(String filter, String message) {
        assertRejected(filter, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "dataset.name IN ('a', 'B')       | name    | IN",
        "datasets.digest LIKE 'ab%'       | digest  | LIKE",
        "dataset.context NOT IN ('train') | context | NOT_IN",
        "dataset.context = 'eval'         | context | EQ",
    })
    void parse_shouldBuildDatasetComparison_whenDatasetKeyIsKnown(String filter, String key, Comparator comparator) {
        // Act
        Comparison clause = single(filter);

        // Assert
        assertThat(clause.type()).isEqualTo(EntityType.DATASET);
        assertThat(clause.key()).isEqualTo(key);
        assertThat(clause.comparator()).isEqualTo(comparator);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "params.x IS NULL         | PARAM | IS_NULL",
        "tags.x is not null       | TAG   | IS_NOT_NULL",
        "tags.`a b` Is  Not  Null | TAG   | IS_NOT_NULL",
    })
    void parse_shouldHaveNoValue_whenIsNullIsUsedOnParamOrTag(String filter, EntityType type, Comparator comparator) {
        // Act
        Comparison clause = single(filter);

        // Assert
        assertThat(clause.type()).isEqualTo(type);
        assertThat(clause.comparator()).isEqualTo(comparator);
        assertThat(clause.value()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "metrics.x IS NULL     | Invalid comparator 'IS NULL'",
        "run_name IS NOT NULL  | Invalid comparator 'IS NOT NULL'",
        "params.x IS 'a'       | expected 'IS NULL'",
        "params.x IS NOT 'a'   | expected 'IS NOT NULL'",
    })
    void parse_shouldReject_whenIsNullIsMisused(String filter, String message) {
        assertRejected(filter, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "params.x like 'a%'   | LIKE",
        "params.x LIKE 'a%'   | LIKE",
        "params.x iLike 'a%'  | ILIKE",
        "status ILIKE 'run%'  | ILIKE",
    })
    void parse_shouldReadWordComparator_whenWrittenInAnyCase(String filter, Comparator expected) {
        // Act
        Comparison clause = single(filter);

        // Assert
        assertThat(clause.comparator()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"metrics.x == 1", "metrics.x <> 1", "metrics.x => 1", "metrics.x =! 1", "metrics.x ! 1"})
    void parse_shouldReject_whenOperatorIsNotMlflows(String filter) {
        assertRejected(filter, "Invalid comparator");
    }

    @Test
    void parse_shouldAllowFractionalTime_whenFilteringRunStartTime() {
        // Act
        Comparison clause = single("start_time > 1.5");

        // Assert
        assertThat(clause.value()).isEqualTo(new Literal.Number(1.5));
    }
}

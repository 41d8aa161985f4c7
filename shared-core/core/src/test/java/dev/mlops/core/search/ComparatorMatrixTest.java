package dev.mlops.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (endpoint, key, comparator) combination: the ones MLflow allows parse, every other one is an
 * InvalidParameterException. Values are written in the form the comparator needs, so only the combination is wrong.
 */
class ComparatorMatrixTest {

    private static final Set<Comparator> NUMERIC = EnumSet.of(Comparator.EQ, Comparator.NEQ, Comparator.GT,
            Comparator.GTE, Comparator.LT, Comparator.LTE);
    private static final Set<Comparator> TEXT = EnumSet.of(Comparator.EQ, Comparator.NEQ, Comparator.LIKE,
            Comparator.ILIKE);
    private static final Set<Comparator> TEXT_LIST = union(TEXT, EnumSet.of(Comparator.IN, Comparator.NOT_IN));
    private static final Set<Comparator> TEXT_NULL = union(TEXT, EnumSet.of(Comparator.IS_NULL,
            Comparator.IS_NOT_NULL));

    private record Endpoint(String name, Function<String, SearchFilter> parser) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Endpoint RUNS = new Endpoint("runs", SearchFilterParser::parseRunFilter);
    private static final Endpoint EXPERIMENTS = new Endpoint("experiments", SearchFilterParser::parseExperimentFilter);
    private static final Endpoint MODELS = new Endpoint("models", SearchFilterParser::parseModelFilter);
    private static final Endpoint VERSIONS = new Endpoint("versions", SearchFilterParser::parseModelVersionFilter);

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        add(all, RUNS, "metrics.m", true, NUMERIC);
        add(all, RUNS, "params.p", false, TEXT_NULL);
        add(all, RUNS, "tags.t", false, TEXT_NULL);
        add(all, RUNS, "attributes.run_id", false, TEXT_LIST);
        for (String key : List.of("run_name", "status", "user_id", "artifact_uri", "`run name`")) {
            add(all, RUNS, "attributes." + key, false, TEXT);
        }
        for (String key : List.of("start_time", "end_time", "created")) {
            add(all, RUNS, "attributes." + key, true, NUMERIC);
        }
        for (String key : List.of("name", "digest", "context")) {
            add(all, RUNS, "dataset." + key, false, TEXT_LIST);
        }
        add(all, EXPERIMENTS, "name", false, TEXT);
        add(all, EXPERIMENTS, "experiment_id", false,
                EnumSet.of(Comparator.EQ, Comparator.NEQ, Comparator.IN, Comparator.NOT_IN));
        add(all, EXPERIMENTS, "creation_time", true, NUMERIC);
        add(all, EXPERIMENTS, "last_update_time", true, NUMERIC);
        add(all, EXPERIMENTS, "tags.t", false, TEXT_NULL);
        add(all, MODELS, "name", false, TEXT_LIST);
        add(all, MODELS, "tags.t", false, TEXT);
        add(all, VERSIONS, "name", false, TEXT_LIST);
        add(all, VERSIONS, "run_id", false, TEXT_LIST);
        add(all, VERSIONS, "source_path", false, TEXT);
        add(all, VERSIONS, "version_number", true, NUMERIC);
        add(all, VERSIONS, "tags.t", false, TEXT);
        return all.stream();
    }

    private static void add(List<Arguments> all, Endpoint endpoint, String identifier, boolean numeric,
                            Set<Comparator> allowed) {
        for (Comparator comparator : Comparator.values()) {
            all.add(Arguments.of(endpoint, clause(identifier, comparator, numeric), allowed.contains(comparator)));
        }
    }

    private static String clause(String identifier, Comparator comparator, boolean numeric) {
        String value;
        if (comparator.takesNoValue()) {
            value = "";
        } else if (comparator.takesList()) {
            value = " ('1', '2')";
        } else {
            value = numeric ? " 1" : " '1'";
        }
        return identifier + " " + comparator.symbol() + value;
    }

    @ParameterizedTest(name = "{0}: {1} allowed={2}")
    @MethodSource("combinations")
    void parse_shouldAcceptOnlyMlflowsComparators_whenAnyKeyIsCombinedWithAnyComparator(
            Endpoint endpoint, String filter, boolean allowed) {
        if (allowed) {
            // Act
            SearchFilter parsed = endpoint.parser().apply(filter);

            // Assert
            assertThat(parsed.clauses()).hasSize(1);
        } else {
            // Act + Assert
            assertThatThrownBy(() -> endpoint.parser().apply(filter))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageMatching("(?s).*(Invalid comparator '.+'|support comparison with a list).*");
        }
    }

    private static Set<Comparator> union(Set<Comparator> a, Set<Comparator> b) {
        Set<Comparator> result = EnumSet.copyOf(a);
        result.addAll(b);
        return result;
    }
}

package dev.mlops.core.search;

import static dev.mlops.core.search.Comparator.EQ;
import static dev.mlops.core.search.Comparator.GT;
import static dev.mlops.core.search.Comparator.GTE;
import static dev.mlops.core.search.Comparator.ILIKE;
import static dev.mlops.core.search.Comparator.IN;
import static dev.mlops.core.search.Comparator.IS_NOT_NULL;
import static dev.mlops.core.search.Comparator.IS_NULL;
import static dev.mlops.core.search.Comparator.LIKE;
import static dev.mlops.core.search.Comparator.LT;
import static dev.mlops.core.search.Comparator.LTE;
import static dev.mlops.core.search.Comparator.NEQ;
import static dev.mlops.core.search.Comparator.NOT_IN;

import dev.mlops.core.error.InvalidParameterException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which comparators and value kinds one search endpoint allows per entity and attribute. The sets follow MLflow 3's
 * search_utils.py plus the checks its SQL stores add (e.g. experiment_id only takes = != IN NOT IN).
 */
record FilterSchema(KeySpace keys, Map<EntityType, Rule> entityRules, Map<String, Rule> attributeRules) {

    enum ValueKind { TEXT, NUMBER, INTEGER }

    record Rule(ValueKind kind, Set<Comparator> comparators) {
    }

    private static final Set<Comparator> NUMERIC = EnumSet.of(EQ, NEQ, GT, GTE, LT, LTE);
    private static final Set<Comparator> TEXT = EnumSet.of(EQ, NEQ, LIKE, ILIKE);
    private static final Set<Comparator> TEXT_OR_LIST = EnumSet.of(EQ, NEQ, LIKE, ILIKE, IN, NOT_IN);
    private static final Set<Comparator> TEXT_OR_NULL = EnumSet.of(EQ, NEQ, LIKE, ILIKE, IS_NULL, IS_NOT_NULL);

    private static final Rule METRIC = new Rule(ValueKind.NUMBER, NUMERIC);
    private static final Rule NUMBER = new Rule(ValueKind.NUMBER, NUMERIC);
    private static final Rule INTEGER = new Rule(ValueKind.INTEGER, NUMERIC);
    private static final Rule STRING = new Rule(ValueKind.TEXT, TEXT);
    private static final Rule STRING_OR_LIST = new Rule(ValueKind.TEXT, TEXT_OR_LIST);
    private static final Rule STRING_OR_NULL = new Rule(ValueKind.TEXT, TEXT_OR_NULL);

    static final FilterSchema RUNS = new FilterSchema(KeySpace.RUN_FILTER,
            Map.of(EntityType.METRIC, METRIC, EntityType.PARAM, STRING_OR_NULL, EntityType.TAG, STRING_OR_NULL,
                    EntityType.DATASET, STRING_OR_LIST),
            Map.of("run_id", STRING_OR_LIST, "run_name", STRING, "user_id", STRING, "status", STRING,
                    "artifact_uri", STRING, "start_time", NUMBER, "end_time", NUMBER));

    /** The SQL store rejects fractional times for experiments, so they are INTEGER here. */
    static final FilterSchema EXPERIMENTS = new FilterSchema(KeySpace.EXPERIMENT,
            Map.of(EntityType.TAG, STRING_OR_NULL),
            Map.of("name", STRING, "experiment_id", new Rule(ValueKind.TEXT, EnumSet.of(EQ, NEQ, IN, NOT_IN)),
                    "creation_time", INTEGER, "last_update_time", INTEGER));

    static final FilterSchema MODELS = new FilterSchema(KeySpace.MODEL,
            Map.of(EntityType.TAG, STRING), Map.of("name", STRING_OR_LIST));

    static final FilterSchema MODEL_VERSIONS = new FilterSchema(KeySpace.MODEL_VERSION,
            Map.of(EntityType.TAG, STRING),
            Map.of("name", STRING_OR_LIST, "run_id", STRING_OR_LIST, "source_path", STRING,
                    "version_number", INTEGER));

    /** Logged models have no metrics here yet, so a metric clause parses but matches no model. */
    static final FilterSchema LOGGED_MODELS = new FilterSchema(KeySpace.LOGGED_MODEL,
            Map.of(EntityType.METRIC, METRIC, EntityType.PARAM, STRING_OR_LIST, EntityType.TAG, STRING_OR_LIST),
            Map.of("name", STRING_OR_LIST, "model_id", STRING_OR_LIST, "model_type", STRING_OR_LIST,
                    "status", STRING_OR_LIST, "source_run_id", STRING_OR_LIST,
                    "creation_timestamp", INTEGER, "last_updated_timestamp", INTEGER));

    /** Returns the rule for a resolved key, after checking that it allows {@code comparator}. */
    Rule check(KeySpace.Key key, Comparator comparator) {
        Rule rule = key.type() == EntityType.ATTRIBUTE ? attributeRules.get(key.key()) : entityRules.get(key.type());
        if (rule == null) {
            throw new InvalidParameterException("Invalid search expression type '" + label(key.type()) + "'");
        }
        if (rule.comparators().contains(comparator)) {
            return rule;
        }
        if (comparator.takesList() && key.type() == EntityType.ATTRIBUTE && rule.kind() == ValueKind.TEXT) {
            throw new InvalidParameterException("Only " + listAttributes() + " attributes support comparison with "
                    + "a list of quoted string values.");
        }
        throw new InvalidParameterException("Invalid comparator '" + comparator.symbol() + "' not one of '"
                + symbols(rule.comparators()) + "' for " + label(key.type()) + " '" + key.key() + "'");
    }

    /** Turns the raw right-hand side into a literal of the kind the rule wants. */
    static Literal literal(KeySpace.Key key, Rule rule, Comparator comparator, FilterScanner.RawValue raw) {
        if (comparator.takesList() != (raw instanceof FilterScanner.ValueList)) {
            throw new InvalidParameterException(comparator.takesList()
                    ? "Expected a parenthesised list of quoted strings after " + comparator.symbol()
                            + ", e.g. ('a', 'b'). Got value " + raw.text()
                    : "A list value is only allowed with IN or NOT IN. Got value " + raw.text());
        }
        if (raw instanceof FilterScanner.ValueList list) {
            return new Literal.TextList(list.values());
        }
        return rule.kind() == ValueKind.TEXT ? text(key, raw) : number(key, rule, raw);
    }

    private static Literal text(KeySpace.Key key, FilterScanner.RawValue raw) {
        return switch (raw) {
            case FilterScanner.Quoted quoted -> new Literal.Text(quoted.inner());
            case FilterScanner.Bare bare -> throw new InvalidParameterException("Parameter value is either not "
                    + "quoted or unidentified quote types used for string value " + bare.text()
                    + ". Use either single or double quotes.");
            default -> throw new InvalidParameterException("Expected a quoted string value for "
                    + label(key.type()) + " (e.g. 'my-value'). Got value " + raw.text());
        };
    }

    private static Literal number(KeySpace.Key key, Rule rule, FilterScanner.RawValue raw) {
        if (!(raw instanceof FilterScanner.Numeric numeric)) {
            String what = key.type() == EntityType.METRIC ? "metric" : "numeric attribute: " + key.key();
            throw new InvalidParameterException("Expected numeric value type for " + what + ". Found " + raw.text());
        }
        if (rule.kind() == ValueKind.INTEGER && !numeric.integral()) {
            throw new InvalidParameterException("Invalid value for numeric attribute '" + key.key() + "': '"
                    + numeric.text() + "'");
        }
        return new Literal.Number(numeric.value());
    }

    private String listAttributes() {
        return attributeRules.entrySet().stream()
                .filter(e -> e.getValue().comparators().contains(IN))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new))
                .toString();
    }

    private static String symbols(Set<Comparator> comparators) {
        return comparators.stream().map(Comparator::symbol).collect(Collectors.joining(", ", "[", "]"));
    }

    /** MLflow's names for the entity types in messages. */
    static String label(EntityType type) {
        return switch (type) {
            case METRIC -> "metric";
            case PARAM -> "parameter";
            case TAG -> "tag";
            case ATTRIBUTE -> "attribute";
            case DATASET -> "dataset";
        };
    }
}

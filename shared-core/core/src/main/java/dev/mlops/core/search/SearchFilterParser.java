package dev.mlops.core.search;

import dev.mlops.core.error.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses MLflow search filter strings: comparisons joined by AND (any case); no OR, NOT or parentheses. Each method
 * applies the keys and comparators MLflow 3 accepts for that endpoint; anything else is an
 * {@link InvalidParameterException}. A null or blank filter is {@link SearchFilter#ALL}.
 */
public final class SearchFilterParser {

    private static final Set<String> CONNECTIVES = Set.of("AND", "OR", "NOT");

    private SearchFilterParser() {
    }

    /** search-runs: metrics, params, tags, run attributes and dataset.name/digest/context. */
    public static SearchFilter parseRunFilter(String filter) {
        return parse(filter, FilterSchema.RUNS);
    }

    /** search-experiments: name, experiment_id, creation_time, last_update_time and tags. */
    public static SearchFilter parseExperimentFilter(String filter) {
        return parse(filter, FilterSchema.EXPERIMENTS);
    }

    /** search-registered-models: name and tags. */
    public static SearchFilter parseModelFilter(String filter) {
        return parse(filter, FilterSchema.MODELS);
    }

    /** search-model-versions: name, version_number, run_id, source_path and tags. */
    public static SearchFilter parseModelVersionFilter(String filter) {
        return parse(filter, FilterSchema.MODEL_VERSIONS);
    }

    /** search-logged-models: name, model_id, model_type, status, source_run_id, the timestamps, params, tags, metrics. */
    public static SearchFilter parseLoggedModelFilter(String filter) {
        return parse(filter, FilterSchema.LOGGED_MODELS);
    }

    private static SearchFilter parse(String filter, FilterSchema schema) {
        if (filter == null || filter.isBlank()) {
            return SearchFilter.ALL;
        }
        var scanner = new FilterScanner(filter, "filter");
        List<Comparison> clauses = new ArrayList<>();
        do {
            clauses.add(clause(scanner, schema));
        } while (andFollows(scanner));
        return new SearchFilter(clauses);
    }

    private static Comparison clause(FilterScanner scanner, FilterSchema schema) {
        scanner.skipWhitespace();
        if (scanner.peek() == '(') {
            throw unsupported("parentheses", scanner.rest());
        }
        FilterScanner.RawIdentifier id = scanner.readIdentifier();
        if (id == null) {
            throw new InvalidParameterException("Invalid comparison clause. Expected an identifier such as "
                    + "metrics.<key>, params.<key>, tags.<key> or an attribute, found '" + scanner.rest() + "'");
        }
        if (id.prefix() == null && CONNECTIVES.contains(id.key().toUpperCase(Locale.ROOT))) {
            throw new InvalidParameterException("Invalid clause(s) in filter string: '" + id.key()
                    + "'. Only comparisons joined by AND are supported");
        }
        KeySpace.Key key = schema.keys().resolve(id);
        Comparator comparator = comparator(scanner, id);
        FilterSchema.Rule rule = schema.check(key, comparator);
        Literal value = comparator.takesNoValue()
                ? null
                : FilterSchema.literal(key, rule, comparator, scanner.readValue());
        return new Comparison(key.type(), key.key(), comparator, value);
    }

    private static Comparator comparator(FilterScanner scanner, FilterScanner.RawIdentifier id) {
        scanner.skipWhitespace();
        if (FilterScanner.isOperatorChar(scanner.peek())) {
            String symbol = scanner.readOperatorSymbol();
            return switch (symbol) {
                case "=" -> Comparator.EQ;
                case "!=" -> Comparator.NEQ;
                case ">" -> Comparator.GT;
                case ">=" -> Comparator.GTE;
                case "<" -> Comparator.LT;
                case "<=" -> Comparator.LTE;
                default -> throw new InvalidParameterException("Invalid comparator '" + symbol
                        + "'. Use one of =, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL");
            };
        }
        String raw = scanner.readWord();
        return switch (upper(raw)) {
            case "LIKE" -> Comparator.LIKE;
            case "ILIKE" -> Comparator.ILIKE;
            case "IN" -> Comparator.IN;
            case "NOT" -> expectWords(scanner, Comparator.NOT_IN, "IN");
            case "IS" -> "NOT".equals(upper(peekWord(scanner)))
                    ? expectWords(scanner, Comparator.IS_NOT_NULL, "NOT", "NULL")
                    : expectWords(scanner, Comparator.IS_NULL, "NULL");
            default -> throw new InvalidParameterException("Invalid comparison clause. Expected a comparator after '"
                    + id.text() + "' but found '" + (raw == null ? "" : raw) + scanner.rest()
                    + "'. Quote keys that contain spaces or special characters with backticks, e.g. params.`my key`");
        };
    }

    private static Comparator expectWords(FilterScanner scanner, Comparator result, String... words) {
        for (String expected : words) {
            scanner.skipWhitespace();
            if (!expected.equals(upper(scanner.readWord()))) {
                throw new InvalidParameterException("Invalid comparator: expected '" + result.symbol()
                        + "' but found '" + scanner.rest() + "'");
            }
        }
        return result;
    }

    private static String peekWord(FilterScanner scanner) {
        scanner.skipWhitespace();
        return scanner.peekWord();
    }

    /** Consumes an AND between clauses; rejects OR and anything else that is not the end of the filter. */
    private static boolean andFollows(FilterScanner scanner) {
        scanner.skipWhitespace();
        if (scanner.atEnd()) {
            return false;
        }
        String word = upper(scanner.peekWord());
        if ("OR".equals(word)) {
            throw unsupported("OR", scanner.rest());
        }
        if (!"AND".equals(word)) {
            throw new InvalidParameterException("Invalid clause(s) in filter string: '" + scanner.rest()
                    + "'. Join comparisons with AND");
        }
        scanner.readWord();
        scanner.skipWhitespace();
        if (scanner.atEnd()) {
            throw new InvalidParameterException("Invalid clause(s) in filter string: expected a comparison after the "
                    + "final AND");
        }
        return true;
    }

    private static InvalidParameterException unsupported(String what, String rest) {
        return new InvalidParameterException("Invalid clause(s) in filter string: '" + rest + "'. Search filters "
                + "do not support " + what + "; only comparisons joined by AND");
    }

    private static String upper(String word) {
        return word == null ? "" : word.toUpperCase(Locale.ROOT);
    }
}

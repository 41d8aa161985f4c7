package dev.mlops.core.search;

import dev.mlops.core.error.InvalidParameterException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses order_by clauses of the form {@code <entity>.<key> [ASC|DESC]} (ascending by default), with keys quoted as
 * in filters, e.g. {@code metrics.`my key` DESC}.
 */
public final class OrderByParser {

    private OrderByParser() {
    }

    /** search-runs: metrics, params, tags and run attributes; datasets cannot be ordered on. */
    public static List<OrderBy> parseRunOrderBy(List<String> clauses) {
        List<OrderBy> result = parse(clauses, KeySpace.RUN_ORDER);
        Set<KeySpace.Key> seen = new HashSet<>();
        for (OrderBy orderBy : result) {
            if (orderBy.type() == EntityType.DATASET) {
                throw new InvalidParameterException("Invalid order_by entity type 'dataset'");
            }
            // The SQL store refuses duplicates rather than silently ignoring the second one.
            if (!seen.add(new KeySpace.Key(orderBy.type(), orderBy.key()))) {
                throw new InvalidParameterException("`order_by` contains duplicate fields: " + clauses);
            }
        }
        return result;
    }

    /** search-experiments: name, experiment_id, creation_time, last_update_time. */
    public static List<OrderBy> parseExperimentOrderBy(List<String> clauses) {
        List<OrderBy> result = parse(clauses, KeySpace.EXPERIMENT);
        for (OrderBy orderBy : result) {
            if (orderBy.type() != EntityType.ATTRIBUTE) {
                throw new InvalidParameterException("Invalid order_by entity: " + FilterSchema.label(orderBy.type()));
            }
        }
        return result;
    }

    private static List<OrderBy> parse(List<String> clauses, KeySpace keys) {
        if (clauses == null) {
            return List.of();
        }
        List<OrderBy> result = new ArrayList<>(clauses.size());
        for (String clause : clauses) {
            result.add(parseClause(clause, keys));
        }
        return List.copyOf(result);
    }

    /** One clause, {@code <key> [ASC|DESC]}, resolved in {@code keys}; shared by every search's ordering. */
    static OrderBy parseClause(String clause, KeySpace keys) {
        if (clause == null || clause.isBlank()) {
            throw unparseable(clause);
        }
        var scanner = new FilterScanner(clause, "order_by clause");
        scanner.skipWhitespace();
        FilterScanner.RawIdentifier id = scanner.readIdentifier();
        if (id == null) {
            throw unparseable(clause);
        }
        boolean ascending = true;
        scanner.skipWhitespace();
        if (!scanner.atEnd()) {
            String direction = scanner.readWord();
            if (direction == null) {
                throw unparseable(clause);
            }
            switch (direction.toLowerCase(Locale.ROOT)) {
                case "asc" -> ascending = true;
                case "desc" -> ascending = false;
                default -> throw new InvalidParameterException("Invalid ordering key in order_by clause '" + clause
                        + "'. Use ASC or DESC.");
            }
            scanner.skipWhitespace();
            if (!scanner.atEnd()) {
                throw unparseable(clause);
            }
        }
        KeySpace.Key key = keys.resolve(id);
        return new OrderBy(key.type(), key.key(), ascending);
    }

    private static InvalidParameterException unparseable(String clause) {
        return new InvalidParameterException("Invalid order_by clause '" + clause + "'. Could not be parsed.");
    }
}

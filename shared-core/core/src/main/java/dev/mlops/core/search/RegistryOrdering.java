package dev.mlops.core.search;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.error.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * MLflow's registry orderings. order_by clauses are {@code [attribute.]<key> [ASC|DESC]} over name,
 * creation_timestamp, last_updated_timestamp (alias timestamp) and, for versions, version_number. Registered models
 * default to name ASC; versions to name ASC then version DESC, which also break every tie.
 */
public final class RegistryOrdering {

    private static final Map<String, String> MODEL_KEYS = Map.of(
            "name", "name", "creation_timestamp", "creation_timestamp", "timestamp", "creation_timestamp",
            "last_updated_timestamp", "last_updated_timestamp");
    private static final Map<String, String> VERSION_KEYS = Map.of(
            "name", "name", "version_number", "version_number", "creation_timestamp", "creation_timestamp",
            "timestamp", "creation_timestamp", "last_updated_timestamp", "last_updated_timestamp");

    private RegistryOrdering() {
    }

    /** Validates order_by clauses for search-registered-models and returns the comparator. */
    public static java.util.Comparator<RegisteredModel> models(List<String> orderBy) {
        java.util.Comparator<RegisteredModel> result = (a, b) -> 0;
        boolean nameOrdered = false;
        for (OrderBy clause : parse(orderBy, MODEL_KEYS)) {
            result = result.thenComparing(switch (clause.key()) {
                case "name" -> SortKeys.nullsLast(RegisteredModel::name, clause.ascending());
                case "creation_timestamp" -> SortKeys.nullsLast(
                        (Function<RegisteredModel, Long>) RegisteredModel::creationTimestamp, clause.ascending());
                default -> SortKeys.nullsLast(
                        (Function<RegisteredModel, Long>) RegisteredModel::lastUpdatedTimestamp, clause.ascending());
            });
            nameOrdered |= clause.key().equals("name");
        }
        return nameOrdered ? result : result.thenComparing(RegisteredModel::name);
    }

    /** Validates order_by clauses for search-model-versions and returns the comparator. */
    public static java.util.Comparator<ModelVersion> versions(List<String> orderBy) {
        java.util.Comparator<ModelVersion> result = (a, b) -> 0;
        for (OrderBy clause : parse(orderBy, VERSION_KEYS)) {
            result = result.thenComparing(switch (clause.key()) {
                case "name" -> SortKeys.nullsLast(ModelVersion::name, clause.ascending());
                case "version_number" -> SortKeys.nullsLast(
                        (Function<ModelVersion, Integer>) ModelVersion::version, clause.ascending());
                case "creation_timestamp" -> SortKeys.nullsLast(
                        (Function<ModelVersion, Long>) ModelVersion::creationTimestamp, clause.ascending());
                default -> SortKeys.nullsLast(
                        (Function<ModelVersion, Long>) ModelVersion::lastUpdatedTimestamp, clause.ascending());
            });
        }
        return result.thenComparing(ModelVersion::name)
                .thenComparing(java.util.Comparator.comparingInt(ModelVersion::version).reversed());
    }

    private static List<OrderBy> parse(List<String> clauses, Map<String, String> keys) {
        List<OrderBy> result = new ArrayList<>();
        for (String clause : clauses == null ? List.<String>of() : clauses) {
            String[] words = clause == null ? new String[0] : clause.strip().split("\\s+");
            if (words.length == 0 || words[0].isEmpty() || words.length > 2) {
                throw new InvalidParameterException("Invalid order_by clause '" + clause + "'. Could not be parsed.");
            }
            boolean ascending = true;
            if (words.length == 2) {
                switch (words[1].toUpperCase(Locale.ROOT)) {
                    case "ASC" -> ascending = true;
                    case "DESC" -> ascending = false;
                    default -> throw new InvalidParameterException("Invalid ordering key in order_by clause '"
                            + clause + "'. Use ASC or DESC.");
                }
            }
            String key = KeySpace.unquote(words[0].replaceFirst("^(attribute|attributes|attr)\\.", ""));
            String canonical = keys.get(key);
            if (canonical == null) {
                throw new InvalidParameterException("Invalid order by key '" + key + "' specified. Valid keys are '"
                        + new TreeSet<>(keys.keySet()) + "'");
            }
            result.add(new OrderBy(EntityType.ATTRIBUTE, canonical, ascending));
        }
        return result;
    }
}

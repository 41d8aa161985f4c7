package dev.mlops.core.search;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.error.InvalidParameterException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's registry orders, from order_by strings such as {@code "name ASC"} or {@code "version_number DESC"}.
 * <ul>
 * <li>Models: name, last_updated_timestamp (also spelled {@code timestamp}, which MLflow's SQL store maps to the
 * update time) and creation_timestamp; ties break on name ASC.</li>
 * <li>Versions: name, version_number, creation_timestamp, last_updated_timestamp. With no order_by, MLflow's SQL
 * store sorts last_updated_timestamp DESC; ties break on name ASC, then version_number DESC.</li>
 * </ul>
 * A key named twice is refused, as by MLflow's SQL store.
 */
public final class RegistryOrdering {

    private static final KeySpace MODEL_KEYS = new KeySpace(KeySpace.ATTRIBUTE_AND_TAG_PREFIXES, Map.of(
            "name", "name", "timestamp", "last_updated_timestamp",
            "last_updated_timestamp", "last_updated_timestamp", "creation_timestamp", "creation_timestamp"),
            Set.of());
    private static final KeySpace VERSION_KEYS = new KeySpace(KeySpace.ATTRIBUTE_AND_TAG_PREFIXES, Map.of(
            "name", "name", "version_number", "version_number", "creation_timestamp", "creation_timestamp",
            "last_updated_timestamp", "last_updated_timestamp"), Set.of());
    private static final List<OrderBy> VERSION_DEFAULT = List.of(
            new OrderBy(EntityType.ATTRIBUTE, "last_updated_timestamp", false));

    private RegistryOrdering() {
    }

    public static java.util.Comparator<RegisteredModel> models(List<String> orderBy) {
        java.util.Comparator<RegisteredModel> result = (a, b) -> 0;
        boolean byName = false;
        for (OrderBy clause : parse(orderBy, MODEL_KEYS)) {
            boolean asc = clause.ascending();
            result = result.thenComparing(switch (clause.key()) {
                case "name" -> SortKeys.nullsLast(RegisteredModel::name, asc);
                case "creation_timestamp" -> SortKeys.nullsLast(RegisteredModel::creationTimestamp, asc);
                default -> SortKeys.nullsLast(RegisteredModel::lastUpdatedTimestamp, asc);
            });
            byName |= clause.key().equals("name");
        }
        return byName ? result : result.thenComparing(SortKeys.nullsLast(RegisteredModel::name, true));
    }

    public static java.util.Comparator<ModelVersion> versions(List<String> orderBy) {
        List<OrderBy> clauses = parse(orderBy, VERSION_KEYS);
        java.util.Comparator<ModelVersion> result = (a, b) -> 0;
        Set<String> keys = new HashSet<>();
        for (OrderBy clause : clauses.isEmpty() ? VERSION_DEFAULT : clauses) {
            boolean asc = clause.ascending();
            result = result.thenComparing(switch (clause.key()) {
                case "name" -> SortKeys.nullsLast(ModelVersion::name, asc);
                case "version_number" -> SortKeys.nullsLast(ModelVersion::version, asc);
                case "creation_timestamp" -> SortKeys.nullsLast(ModelVersion::creationTimestamp, asc);
                default -> SortKeys.nullsLast(ModelVersion::lastUpdatedTimestamp, asc);
            });
            keys.add(clause.key());
        }
        if (!keys.contains("name")) {
            result = result.thenComparing(SortKeys.nullsLast(ModelVersion::name, true));
        }
        if (!keys.contains("version_number")) {
            result = result.thenComparing(SortKeys.nullsLast(ModelVersion::version, false));
        }
        return result;
    }

    private static List<OrderBy> parse(List<String> clauses, KeySpace keys) {
        List<OrderBy> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String clause : clauses == null ? List.<String>of() : clauses) {
            OrderBy order = OrderByParser.parseClause(clause, keys);
            if (order.type() != EntityType.ATTRIBUTE) {
                throw new InvalidParameterException("Invalid order_by entity: " + FilterSchema.label(order.type()));
            }
            if (!seen.add(order.key())) {
                throw new InvalidParameterException("`order_by` contains duplicate fields: " + clauses);
            }
            result.add(order);
        }
        return result;
    }
}

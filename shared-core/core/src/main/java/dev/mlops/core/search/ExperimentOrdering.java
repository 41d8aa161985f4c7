package dev.mlops.core.search;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.error.InvalidParameterException;
import java.util.List;

/**
 * MLflow's experiment order: with no order_by, creation_time DESC then experiment_id ASC; otherwise the clauses in
 * turn, then experiment_id DESC as tie-break unless experiment_id was ordered on. Missing values sort last.
 */
public final class ExperimentOrdering {

    private static final List<OrderBy> DEFAULT = List.of(
            new OrderBy(EntityType.ATTRIBUTE, "creation_time", false),
            new OrderBy(EntityType.ATTRIBUTE, "experiment_id", true));

    private ExperimentOrdering() {
    }

    public static java.util.Comparator<Experiment> comparator(List<OrderBy> orderBy) {
        List<OrderBy> effective = orderBy.isEmpty() ? DEFAULT : orderBy;
        java.util.Comparator<Experiment> result = (a, b) -> 0;
        boolean idOrdered = false;
        for (OrderBy clause : effective) {
            if (clause.type() != EntityType.ATTRIBUTE) {
                throw new InvalidParameterException("Invalid order_by entity: " + FilterSchema.label(clause.type()));
            }
            result = result.thenComparing(attribute(clause.key(), clause.ascending()));
            idOrdered |= clause.key().equals("experiment_id");
        }
        return idOrdered ? result : result.thenComparing(attribute("experiment_id", false));
    }

    private static java.util.Comparator<Experiment> attribute(String key, boolean asc) {
        return switch (key) {
            case "name" -> SortKeys.nullsLast(Experiment::name, asc);
            case "experiment_id" -> SortKeys.nullsLast((Experiment e) -> ExperimentId.of(e.experimentId()), asc);
            case "creation_time" -> SortKeys.nullsLast(Experiment::creationTime, asc);
            case "last_update_time" -> SortKeys.nullsLast(Experiment::lastUpdateTime, asc);
            default -> throw new InvalidParameterException("Invalid order_by attribute key '" + key + "'");
        };
    }

    /**
     * MLflow's SQL store keeps experiment ids as integers, so "10" sorts after "9". Numeric ids compare by value and
     * come before any non-numeric id, which compare as text; that keeps the order total.
     */
    private record ExperimentId(Long number, String text) implements Comparable<ExperimentId> {

        static ExperimentId of(String id) {
            if (id == null) {
                return null;
            }
            try {
                return new ExperimentId(Long.parseLong(id), id);
            } catch (NumberFormatException notNumeric) {
                return new ExperimentId(null, id);
            }
        }

        @Override
        public int compareTo(ExperimentId other) {
            if (number != null && other.number != null) {
                return Long.compare(number, other.number);
            }
            if (number != null || other.number != null) {
                return number != null ? -1 : 1;
            }
            return text.compareTo(other.text);
        }
    }
}

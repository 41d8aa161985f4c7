package dev.mlops.core.search;

import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.ModelMetric;
import dev.mlops.core.error.InvalidParameterException;
import java.util.List;
import java.util.Map;

/**
 * MLflow's logged-model order (SqlAlchemyStore): the requested fields in turn, then creation_timestamp DESC unless it
 * was ordered on, then model_id ASC unless it was ordered on. Missing values sort last. The client sends order_by as
 * structured {@code {field_name, ascending, dataset_name, dataset_digest}} entries, not as strings. A metric orders
 * by the model's latest value of it (latest timestamp, then step, then lowest run id), among the values logged for
 * the entry's dataset when it names one.
 */
public final class LoggedModelOrdering {

    private static final Map<String, String> ATTRIBUTES = Map.of(
            "name", "name", "model_id", "model_id", "model_type", "model_type", "status", "status",
            "source_run_id", "source_run_id", "creation_timestamp", "creation_timestamp",
            "creation_time", "creation_timestamp", "last_updated_timestamp", "last_updated_timestamp",
            "last_updated_time", "last_updated_timestamp");

    private LoggedModelOrdering() {
    }

    /** One order_by entry for all datasets. */
    public static LoggedModelOrder parse(String fieldName, Boolean ascending) {
        return parse(fieldName, ascending, null, null);
    }

    /** One order_by entry: an attribute name, or {@code metrics.<key>}; anything else is invalid. */
    public static LoggedModelOrder parse(String fieldName, Boolean ascending, String datasetName,
                                         String datasetDigest) {
        OrderBy clause = clause(fieldName, ascending);
        boolean named = datasetName != null && !datasetName.isEmpty();
        boolean digested = datasetDigest != null && !datasetDigest.isEmpty();
        return new LoggedModelOrder(clause, named || digested
                ? new DatasetRef(named ? datasetName : null, digested ? datasetDigest : null) : null);
    }

    private static OrderBy clause(String fieldName, Boolean ascending) {
        boolean asc = ascending == null || ascending;
        if (fieldName == null || fieldName.isBlank()) {
            throw new InvalidParameterException("Missing value for required parameter 'order_by.field_name'.");
        }
        int dot = fieldName.indexOf('.');
        if (dot < 0) {
            String key = ATTRIBUTES.get(fieldName);
            if (key == null) {
                throw new InvalidParameterException("Invalid order by field name: " + fieldName);
            }
            return new OrderBy(EntityType.ATTRIBUTE, key, asc);
        }
        if (!fieldName.substring(0, dot).equals("metrics") || dot == fieldName.length() - 1) {
            throw new InvalidParameterException("Invalid order by field name: " + fieldName
                    + ". Only metrics are supported.");
        }
        return new OrderBy(EntityType.METRIC, fieldName.substring(dot + 1), asc);
    }

    public static java.util.Comparator<LoggedModel> comparator(List<LoggedModelOrder> orderBy) {
        java.util.Comparator<LoggedModel> result = (a, b) -> 0;
        boolean created = false;
        boolean id = false;
        for (LoggedModelOrder order : orderBy) {
            OrderBy clause = order.clause();
            if (clause.type() == EntityType.METRIC) {
                result = result.thenComparing(SortKeys.nullsLast(
                        (LoggedModel m) -> latest(m, clause.key(), order.dataset()), clause.ascending()));
                continue;
            }
            result = result.thenComparing(attribute(clause.key(), clause.ascending()));
            created |= clause.key().equals("creation_timestamp");
            id |= clause.key().equals("model_id");
        }
        if (!created) {
            result = result.thenComparing(attribute("creation_timestamp", false));
        }
        return id ? result : result.thenComparing(attribute("model_id", true));
    }

    /** The model's latest value of the metric, among those logged for the dataset when one is named. */
    private static Double latest(LoggedModel model, String key, DatasetRef dataset) {
        return model.metrics().stream()
                .filter(m -> m.key().equals(key))
                .filter(m -> dataset == null || ((dataset.name() == null || dataset.name().equals(m.datasetName()))
                        && (dataset.digest() == null || dataset.digest().equals(m.datasetDigest()))))
                .min(java.util.Comparator.comparingLong(ModelMetric::timestamp).reversed()
                        .thenComparing(java.util.Comparator.comparingLong(ModelMetric::step).reversed())
                        .thenComparing(m -> m.runId() == null ? "" : m.runId()))
                .map(ModelMetric::value).orElse(null);
    }

    private static java.util.Comparator<LoggedModel> attribute(String key, boolean asc) {
        return switch (key) {
            case "name" -> SortKeys.nullsLast(LoggedModel::name, asc);
            case "model_id" -> SortKeys.nullsLast(LoggedModel::modelId, asc);
            case "model_type" -> SortKeys.nullsLast(LoggedModel::modelType, asc);
            case "status" -> SortKeys.nullsLast((LoggedModel m) -> m.status().wire(), asc);
            case "source_run_id" -> SortKeys.nullsLast(LoggedModel::sourceRunId, asc);
            case "creation_timestamp" -> SortKeys.nullsLast(LoggedModel::creationTimestamp, asc);
            case "last_updated_timestamp" -> SortKeys.nullsLast(LoggedModel::lastUpdatedTimestamp, asc);
            default -> throw new InvalidParameterException("Invalid order by field name: " + key);
        };
    }
}

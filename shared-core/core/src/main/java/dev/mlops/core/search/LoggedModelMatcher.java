package dev.mlops.core.search;

import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.error.InvalidParameterException;
import java.util.List;

/**
 * Evaluates a parsed logged-model filter in memory. A missing value (no such tag or param, no model type) fails
 * every comparison, as in MLflow. {@code status} matches the wire name ({@code LOGGED_MODEL_READY}) or the short
 * one ({@code READY}). A metric clause holds when any metric value of that key logged against the model (for one
 * of the searched datasets, when datasets are given) satisfies it; with datasets and no metric clause, the model
 * needs any metric logged for one of them (MLflow's SqlAlchemyStore.search_logged_models).
 */
public final class LoggedModelMatcher {

    private LoggedModelMatcher() {
    }

    public static boolean matches(SearchFilter filter, LoggedModel model) {
        return matches(filter, List.of(), model);
    }

    public static boolean matches(SearchFilter filter, List<DatasetRef> datasets, LoggedModel model) {
        boolean metricClause = false;
        for (Comparison clause : filter.clauses()) {
            metricClause |= clause.type() == EntityType.METRIC;
            if (!matches(clause, datasets, model)) {
                return false;
            }
        }
        return metricClause || datasets.isEmpty()
                || model.metrics().stream().anyMatch(m -> datasets.stream().anyMatch(d -> d.covers(m)));
    }

    static boolean matches(Comparison clause, List<DatasetRef> datasets, LoggedModel model) {
        return switch (clause.type()) {
            case ATTRIBUTE -> attribute(model, clause);
            case TAG -> present(model.tags().get(clause.key()), clause);
            case PARAM -> present(model.params().get(clause.key()), clause);
            case METRIC -> model.metrics().stream()
                    .filter(m -> m.key().equals(clause.key()))
                    .filter(m -> datasets.isEmpty() || datasets.stream().anyMatch(d -> d.covers(m)))
                    .anyMatch(m -> ValueMatch.number(m.value(), clause));
            case DATASET -> throw new InvalidParameterException("Invalid entity type 'dataset' for logged models");
        };
    }

    private static boolean attribute(LoggedModel model, Comparison clause) {
        return switch (clause.key()) {
            case "name" -> present(model.name(), clause);
            case "model_id" -> present(model.modelId(), clause);
            case "model_type" -> present(model.modelType(), clause);
            case "source_run_id" -> present(model.sourceRunId(), clause);
            case "status" -> ValueMatch.text(spelledAsIn(clause, model), clause);
            case "creation_timestamp" -> ValueMatch.number(model.creationTimestamp(), clause);
            case "last_updated_timestamp" -> ValueMatch.number(model.lastUpdatedTimestamp(), clause);
            default -> throw new InvalidParameterException("Invalid logged model search key '" + clause.key() + "'");
        };
    }

    /** The status in the spelling the filter uses: the wire name when the value carries its prefix, else short. */
    private static String spelledAsIn(Comparison clause, LoggedModel model) {
        boolean wire = switch (clause.value()) {
            case Literal.Text(String text) -> text.regionMatches(true, 0, "LOGGED_MODEL_", 0, 13);
            case Literal.TextList(var values) -> values.stream()
                    .anyMatch(v -> v.regionMatches(true, 0, "LOGGED_MODEL_", 0, 13));
            default -> false;
        };
        return wire ? model.status().wire() : model.status().name();
    }

    private static boolean present(String lhs, Comparison clause) {
        return lhs != null && ValueMatch.text(lhs, clause);
    }
}

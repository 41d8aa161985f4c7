package dev.mlops.core.search;

import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.error.InvalidParameterException;

/**
 * Evaluates a parsed logged-model filter in memory. A missing value (no such tag or param, no model type) fails
 * every comparison, as in MLflow. {@code status} matches the wire name ({@code LOGGED_MODEL_READY}) or the short
 * one ({@code READY}). Metrics are not recorded for logged models yet, so metric clauses match nothing.
 */
public final class LoggedModelMatcher {

    private LoggedModelMatcher() {
    }

    public static boolean matches(SearchFilter filter, LoggedModel model) {
        for (Comparison clause : filter.clauses()) {
            if (!matches(clause, model)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Comparison clause, LoggedModel model) {
        return switch (clause.type()) {
            case ATTRIBUTE -> attribute(model, clause);
            case TAG -> present(model.tags().get(clause.key()), clause);
            case PARAM -> present(model.params().get(clause.key()), clause);
            case METRIC -> false;
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

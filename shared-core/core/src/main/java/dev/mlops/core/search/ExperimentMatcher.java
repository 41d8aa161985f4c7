package dev.mlops.core.search;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.error.InvalidParameterException;

/** Evaluates a parsed experiment filter in memory: attributes name, experiment_id, creation_time, last_update_time and tags. */
public final class ExperimentMatcher {

    private ExperimentMatcher() {
    }

    public static boolean matches(SearchFilter filter, Experiment experiment) {
        for (Comparison clause : filter.clauses()) {
            if (!matches(clause, experiment)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Comparison clause, Experiment experiment) {
        return switch (clause.type()) {
            case ATTRIBUTE -> attribute(experiment, clause);
            case TAG -> ValueMatch.optionalText(experiment.tags().get(clause.key()), clause);
            default -> throw new InvalidParameterException("Invalid search expression type '"
                    + FilterSchema.label(clause.type()) + "' for experiments");
        };
    }

    private static boolean attribute(Experiment experiment, Comparison clause) {
        return switch (clause.key()) {
            case "name" -> ValueMatch.optionalText(experiment.name(), clause);
            case "experiment_id" -> ValueMatch.optionalText(experiment.experimentId(), clause);
            case "creation_time" -> ValueMatch.number(experiment.creationTime(), clause);
            case "last_update_time" -> ValueMatch.number(experiment.lastUpdateTime(), clause);
            default -> throw new InvalidParameterException("Invalid attribute key '" + clause.key() + "' specified");
        };
    }
}

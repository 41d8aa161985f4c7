package dev.mlops.core.search;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.error.InvalidParameterException;

/**
 * Evaluates parsed registry filters in memory (see {@link SearchFilterParser#parseModelFilter} and
 * {@link SearchFilterParser#parseModelVersionFilter}). Every store that cannot push a clause down uses this, so the
 * local and DynamoDB stores agree on what matches.
 */
public final class RegistryMatcher {

    private RegistryMatcher() {
    }

    /** Registered models: attribute {@code name} and {@code tags.<key>}. */
    public static boolean matches(SearchFilter filter, RegisteredModel model) {
        for (Comparison clause : filter.clauses()) {
            boolean ok = switch (clause.type()) {
                case TAG -> tag(model.tags().get(clause.key()), clause);
                case ATTRIBUTE -> switch (clause.key()) {
                    case "name" -> ValueMatch.optionalText(model.name(), clause);
                    default -> throw unknownAttribute(clause);
                };
                default -> throw unsupported(clause, "registered models");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Model versions: attributes {@code name, version_number, run_id, source_path} and {@code tags.<key>}. */
    public static boolean matches(SearchFilter filter, ModelVersion version) {
        for (Comparison clause : filter.clauses()) {
            boolean ok = switch (clause.type()) {
                case TAG -> tag(version.tags().get(clause.key()), clause);
                case ATTRIBUTE -> switch (clause.key()) {
                    case "name" -> ValueMatch.optionalText(version.name(), clause);
                    case "version_number" -> ValueMatch.number(version.version(), clause);
                    case "run_id" -> ValueMatch.optionalText(version.runId(), clause);
                    case "source_path" -> ValueMatch.optionalText(version.source(), clause);
                    default -> throw unknownAttribute(clause);
                };
                default -> throw unsupported(clause, "model versions");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Unlike run search, a registry tag {@code !=} also matches entities without the tag: MLflow 3 clients append
     * {@code tag.`mlflow.prompt.is_prompt` != 'true'} to every registry search to hide prompts, and MLflow's own
     * stores answer it with every model that is not a prompt.
     */
    private static boolean tag(String value, Comparison clause) {
        if (value == null && clause.comparator() == Comparator.NEQ) {
            return true;
        }
        return ValueMatch.optionalText(value, clause);
    }

    private static InvalidParameterException unknownAttribute(Comparison clause) {
        return new InvalidParameterException("Invalid attribute key '" + clause.key() + "' specified");
    }

    private static InvalidParameterException unsupported(Comparison clause, String what) {
        return new InvalidParameterException("Invalid search expression type '" + FilterSchema.label(clause.type())
                + "' for " + what);
    }
}

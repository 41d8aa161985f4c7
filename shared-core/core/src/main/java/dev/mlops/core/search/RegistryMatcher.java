package dev.mlops.core.search;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.error.InvalidParameterException;
import java.util.Map;

/**
 * Evaluates parsed registry filters in memory (from {@link SearchFilterParser#parseModelFilter} and
 * {@link SearchFilterParser#parseModelVersionFilter}): models on name and tags, versions on name, version_number,
 * run_id, source_path and tags. As in MLflow, a missing value fails every comparison (even !=), except the prompt
 * marker tag, which MLflow treats as "false" when absent so that clients can filter prompts out of model lists.
 */
public final class RegistryMatcher {

    /** MLflow 3 marks prompts, which it stores as registered models, with this tag. */
    public static final String IS_PROMPT_TAG = "mlflow.prompt.is_prompt";

    private RegistryMatcher() {
    }

    public static boolean matches(SearchFilter filter, RegisteredModel model) {
        for (Comparison clause : filter.clauses()) {
            boolean match = switch (clause.type()) {
                case ATTRIBUTE -> switch (clause.key()) {
                    case "name" -> ValueMatch.optionalText(model.name(), clause);
                    default -> throw unknownAttribute(clause);
                };
                case TAG -> tag(model.tags(), clause);
                default -> throw unknownEntity(clause);
            };
            if (!match) {
                return false;
            }
        }
        return true;
    }

    public static boolean matches(SearchFilter filter, ModelVersion version) {
        for (Comparison clause : filter.clauses()) {
            boolean match = switch (clause.type()) {
                case ATTRIBUTE -> switch (clause.key()) {
                    case "name" -> ValueMatch.optionalText(version.name(), clause);
                    case "run_id" -> ValueMatch.optionalText(version.runId(), clause);
                    case "source_path" -> ValueMatch.optionalText(version.source(), clause);
                    case "version_number" -> ValueMatch.number(version.version(), clause);
                    case "creation_timestamp" -> ValueMatch.number(version.creationTimestamp(), clause);
                    case "last_updated_timestamp" -> ValueMatch.number(version.lastUpdatedTimestamp(), clause);
                    default -> throw unknownAttribute(clause);
                };
                case TAG -> tag(version.tags(), clause);
                default -> throw unknownEntity(clause);
            };
            if (!match) {
                return false;
            }
        }
        return true;
    }

    private static boolean tag(Map<String, String> tags, Comparison clause) {
        String value = tags.get(clause.key());
        if (value == null && clause.key().equals(IS_PROMPT_TAG)
                && clause.value() instanceof Literal.Text(String rhs)) {
            return (clause.comparator() == Comparator.EQ && rhs.equals("false"))
                    || (clause.comparator() == Comparator.NEQ && rhs.equals("true"));
        }
        return ValueMatch.optionalText(value, clause);
    }


    private static InvalidParameterException unknownAttribute(Comparison clause) {
        return new InvalidParameterException("Invalid attribute key '" + clause.key() + "' specified");
    }

    private static InvalidParameterException unknownEntity(Comparison clause) {
        return new InvalidParameterException("Invalid search expression type '"
                + FilterSchema.label(clause.type()) + "'");
    }
}

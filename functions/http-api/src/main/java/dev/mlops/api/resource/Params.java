package dev.mlops.api.resource;

import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.error.InvalidParameterException;

/** Parses the scalar wire values MLflow sends as enum names or as their proto numbers. */
final class Params {

    private Params() {
    }

    static ViewType viewType(String parameter, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        return switch (raw.toUpperCase()) {
            case "ACTIVE_ONLY", "1" -> ViewType.ACTIVE_ONLY;
            case "DELETED_ONLY", "2" -> ViewType.DELETED_ONLY;
            case "ALL", "3" -> ViewType.ALL;
            default -> throw invalid(parameter, raw);
        };
    }

    static RunStatus runStatus(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        return switch (raw.toUpperCase()) {
            case "RUNNING", "1" -> RunStatus.RUNNING;
            case "SCHEDULED", "2" -> RunStatus.SCHEDULED;
            case "FINISHED", "3" -> RunStatus.FINISHED;
            case "FAILED", "4" -> RunStatus.FAILED;
            case "KILLED", "5" -> RunStatus.KILLED;
            default -> throw invalid("status", raw);
        };
    }

    static Integer integer(String parameter, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(parameter, raw);
        }
    }

    static Long longValue(String parameter, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(parameter, raw);
        }
    }

    static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }

    private static InvalidParameterException invalid(String parameter, String raw) {
        return new InvalidParameterException("Invalid value " + quoted(raw) + " for parameter '" + parameter
                + "' supplied. Hint: Value was of type 'str'.");
    }

    /** A query value as MLflow prints it: a JSON string. */
    static String quoted(String raw) {
        return new com.fasterxml.jackson.databind.node.TextNode(raw).toString();
    }
}

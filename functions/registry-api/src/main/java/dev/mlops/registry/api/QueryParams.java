package dev.mlops.registry.api;

import dev.mlops.core.error.InvalidParameterException;

/** Scalar query-string values of GET endpoints, with MLflow's error for unparseable numbers. */
final class QueryParams {

    private QueryParams() {
    }

    static Integer integer(String parameter, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("Invalid value " + raw + " for parameter '" + parameter
                    + "' supplied.");
        }
    }

    /** DELETE endpoints take their fields from the JSON body (the mlflow client) or the query string (curl). */
    static String either(String fromBody, String fromQuery) {
        return fromBody != null && !fromBody.isEmpty() ? fromBody : fromQuery;
    }
}

package dev.mlops.databricks.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One statement: SQL text with {@code ?} markers and the values that go with them, in order. The text is built
 * only from the backend's own constants and validated identifiers; every value a user supplied travels as a
 * parameter, bound by the warehouse, never spliced into the text.
 */
public record Sql(String text, List<Object> parameters) {

    /** A typed SQL NULL, since a bare null does not say which type the warehouse should bind. */
    public record Null(SqlType type) {
    }

    public enum SqlType { STRING, BIGINT, INT, DOUBLE, BOOLEAN }

    public Sql {
        Objects.requireNonNull(text, "text");
        for (Object p : parameters) {
            if (!(p instanceof String || p instanceof Long || p instanceof Integer || p instanceof Double
                    || p instanceof Boolean || p instanceof Null)) {
                throw new IllegalArgumentException("unsupported parameter type: "
                        + (p == null ? "null (use Sql.Null)" : p.getClass().getSimpleName()));
            }
        }
        parameters = List.copyOf(parameters);
        long markers = text.chars().filter(c -> c == '?').count();
        if (markers != parameters.size()) {
            throw new IllegalArgumentException(markers + " markers but " + parameters.size() + " parameters in: "
                    + text);
        }
    }

    public static Sql of(String text, Object... parameters) {
        return new Sql(text, Arrays.asList(parameters));
    }

    /** {@code value} or a typed NULL. */
    public static Object nullable(String value) {
        return value == null ? new Null(SqlType.STRING) : value;
    }

    public static Object nullable(Long value) {
        return value == null ? new Null(SqlType.BIGINT) : value;
    }

    /** {@code ?, ?, ?} for {@code n} values (an IN list). */
    public static String markers(int n) {
        return String.join(", ", java.util.Collections.nCopies(Math.max(n, 0), "?"));
    }

    /** Builds a statement piece by piece; text and values stay in step. */
    public static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final List<Object> values = new ArrayList<>();

        public Builder sql(String fragment) {
            text.append(fragment);
            return this;
        }

        public Builder sql(String fragment, Object... parameters) {
            text.append(fragment);
            values.addAll(Arrays.asList(parameters));
            return this;
        }

        public Builder in(List<?> parameters) {
            text.append('(').append(markers(parameters.size())).append(')');
            values.addAll(parameters);
            return this;
        }

        public Sql build() {
            return new Sql(text.toString(), values);
        }
    }

    public static Builder builder() {
        return new Builder();
    }
}

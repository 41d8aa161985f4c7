package dev.mlops.testsupport.databricks;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds a statement's typed positional parameters the way a SQL warehouse does: server side, as typed values that
 * can never change the statement's shape. Spark's Thrift protocol carries no parameters, so the facade places each
 * value at its {@code ?} marker as an expression that contains no quote, backslash or comment character at all:
 * the value's UTF-8 bytes as a hex binary literal, cast to the declared type. Markers inside string literals,
 * quoted identifiers and comments are left alone.
 */
final class ParameterBinder {

    /** One parameter of the request: 1-based ordinal, SQL type name as the driver sends it, text value or null. */
    record Parameter(int ordinal, String type, String value) {
    }

    /** A bind failure with the SQLSTATE a warehouse would give. */
    static final class BindException extends Exception {
        final String sqlState;

        BindException(String sqlState, String message) {
            super(message);
            this.sqlState = sqlState;
        }
    }

    private static final Map<String, String> TYPE_ALIASES = Map.of(
            "LONG", "BIGINT", "INTEGER", "INT", "SHORT", "SMALLINT", "BYTE", "TINYINT", "REAL", "FLOAT",
            "VARCHAR", "STRING", "CHAR", "STRING", "TEXT", "STRING");
    private static final Pattern TYPE = Pattern.compile(
            "(STRING|BIGINT|INT|SMALLINT|TINYINT|DOUBLE|FLOAT|BOOLEAN|DATE|TIMESTAMP|TIMESTAMP_NTZ"
                    + "|DECIMAL(\\(\\d{1,2}(,\\d{1,2})?\\))?)");

    private ParameterBinder() {
    }

    static String bind(String sql, List<Parameter> parameters) throws BindException {
        List<Parameter> ordered = parameters.stream()
                .sorted(java.util.Comparator.comparingInt(Parameter::ordinal)).toList();
        StringBuilder out = new StringBuilder(sql.length() + ordered.size() * 32);
        int next = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end = skipQuotedOrComment(sql, i);
            if (end > i) {
                out.append(sql, i, end);
                i = end;
                continue;
            }
            if (c == '?') {
                if (next >= ordered.size()) {
                    throw new BindException("42P02", "[UNBOUND_SQL_PARAMETER] Found the unbound parameter at "
                            + "position " + (next + 1) + ". Please, fix `args` and provide a mapping of the parameter.");
                }
                out.append(render(ordered.get(next++)));
            } else {
                out.append(c);
            }
            i++;
        }
        if (next != ordered.size()) {
            throw new BindException("42K0E", "[INVALID_QUERY_MIXED_QUERY_PARAMETERS] The statement has " + next
                    + " parameter markers but " + ordered.size() + " parameters were given.");
        }
        return out.toString();
    }

    /** The index just past a string literal, quoted identifier or comment starting at {@code i}; else {@code i}. */
    private static int skipQuotedOrComment(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"' || c == '`') {
            int j = i + 1;
            while (j < sql.length()) {
                char d = sql.charAt(j);
                if (d == '\\' && c != '`') {
                    j += 2; // Spark string literals take backslash escapes
                    continue;
                }
                if (d == c) {
                    if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                        j += 2; // a doubled quote stands for itself
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return sql.length();
        }
        if (c == '-' && sql.startsWith("--", i)) {
            int newline = sql.indexOf('\n', i);
            return newline < 0 ? sql.length() : newline + 1;
        }
        if (c == '/' && sql.startsWith("/*", i)) {
            int depth = 0;
            int j = i;
            while (j < sql.length()) {
                if (sql.startsWith("/*", j)) {
                    depth++;
                    j += 2;
                } else if (sql.startsWith("*/", j)) {
                    depth--;
                    j += 2;
                    if (depth == 0) {
                        return j;
                    }
                } else {
                    j++;
                }
            }
            return sql.length();
        }
        return i;
    }

    static String render(Parameter p) throws BindException {
        String type = normalise(p.type());
        if (p.value() == null || type.equals("VOID") || type.equals("NULL")) {
            return type.equals("VOID") || type.equals("NULL") ? "NULL" : "CAST(NULL AS " + type + ")";
        }
        String hex = "X'" + HexFormat.of().formatHex(p.value().getBytes(StandardCharsets.UTF_8)) + "'";
        String text = "CAST(" + hex + " AS STRING)";
        return type.equals("STRING") ? text : "CAST(" + text + " AS " + type + ")";
    }

    private static String normalise(String declared) throws BindException {
        String type = declared == null ? "STRING" : declared.strip().toUpperCase(Locale.ROOT).replace(" ", "");
        type = TYPE_ALIASES.getOrDefault(type, type);
        if (type.equals("VOID") || type.equals("NULL") || TYPE.matcher(type).matches()) {
            return type;
        }
        throw new BindException("42K09", "[UNSUPPORTED_PARAMETER_TYPE] Parameter type '" + declared
                + "' is not supported.");
    }
}

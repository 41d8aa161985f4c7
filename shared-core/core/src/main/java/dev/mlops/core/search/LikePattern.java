package dev.mlops.core.search;

import java.util.regex.Pattern;

/**
 * SQL LIKE for in-memory matching: {@code %} is any run of characters, {@code _} exactly one, and a backslash makes
 * the next character literal (so {@code 50\%} matches "50%"). Everything else is literal, including regex
 * metacharacters: {@code a.b%} does not match "axb".
 *
 * <p>Why backslash escapes: MLflow's SQL store hands the pattern to the database, and PostgreSQL and MySQL treat
 * backslash as LIKE's default escape, which is the only way to match a literal % or _. (SQLite and MLflow's file
 * store treat backslash as an ordinary character; we follow the server databases.) A trailing lone backslash is
 * literal. Wildcards match line breaks too, as in SQL.
 */
final class LikePattern {

    private LikePattern() {
    }

    static boolean like(String value, String pattern) {
        return compile(pattern, false).matcher(value).matches();
    }

    static boolean ilike(String value, String pattern) {
        return compile(pattern, true).matcher(value).matches();
    }

    static Pattern compile(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                literal.append(pattern.charAt(++i));
            } else if (c == '%' || c == '_') {
                flush(literal, regex);
                regex.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        flush(literal, regex);
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags);
    }

    private static void flush(StringBuilder literal, StringBuilder regex) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}

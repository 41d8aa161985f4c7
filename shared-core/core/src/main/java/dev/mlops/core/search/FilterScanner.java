package dev.mlops.core.search;

import dev.mlops.core.error.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Character-level reader shared by the filter and order_by parsers. It knows how MLflow (through sqlparse) splits
 * text into identifiers, quoted strings, numbers and words; it knows nothing about which keys or comparators are
 * allowed.
 */
final class FilterScanner {

    /** sqlparse's integer and float literals; no leading '+', no hex. */
    private static final Pattern NUMBER = Pattern.compile("-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final String OPERATOR_CHARS = "=!<>";

    /** An identifier as written; {@code prefix} is the text before the first unquoted dot, or null if none. */
    record RawIdentifier(String text, String prefix, String key) {
    }

    /** A right-hand side as written, before any rule decides whether it fits. */
    sealed interface RawValue {
        String text();
    }

    /** 'x' or "x"; {@code inner} keeps escape sequences verbatim, as MLflow does. */
    record Quoted(String text, String inner) implements RawValue {
    }

    record Numeric(String text, double value, boolean integral) implements RawValue {
    }

    /** Anything unquoted that is not a number (NaN, a bare word, a backticked name). */
    record Bare(String text) implements RawValue {
    }

    record ValueList(String text, List<String> values) implements RawValue {
    }

    private final String text;
    private final String what;
    private int pos;

    /** {@code what} names the input in error messages, e.g. "filter" or "order_by clause". */
    FilterScanner(String text, String what) {
        this.text = text;
        this.what = what;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return atEnd() ? '\0' : text.charAt(pos);
    }

    String rest() {
        return text.substring(pos);
    }

    void skipWhitespace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** A run of word characters (a keyword such as AND, LIKE, DESC), or null if none starts here. */
    String readWord() {
        int start = pos;
        while (!atEnd() && isWordChar(text.charAt(pos))) {
            pos++;
        }
        return start == pos ? null : text.substring(start, pos);
    }

    String peekWord() {
        int start = pos;
        String word = readWord();
        pos = start;
        return word;
    }

    /** A run of =, !, <, > (so "==" and "=>" come back whole and can be rejected by name). */
    String readOperatorSymbol() {
        int start = pos;
        while (!atEnd() && OPERATOR_CHARS.indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        return text.substring(start, pos);
    }

    static boolean isOperatorChar(char c) {
        return OPERATOR_CHARS.indexOf(c) >= 0;
    }

    /**
     * Reads segments joined by dots without spaces: bare words, `backticked`, "double-quoted" or (after a dot)
     * 'single-quoted' text. Returns null if no identifier starts here.
     */
    RawIdentifier readIdentifier() {
        char first = peek();
        if (!(Character.isLetter(first) || first == '_' || first == '`' || first == '"')) {
            return null;
        }
        int start = pos;
        int firstDot = -1;
        while (true) {
            readSegment(start);
            if (peek() != '.') {
                break;
            }
            if (firstDot < 0) {
                firstDot = pos;
            }
            pos++;
        }
        String whole = text.substring(start, pos);
        if (firstDot < 0) {
            return new RawIdentifier(whole, null, whole);
        }
        return new RawIdentifier(whole, text.substring(start, firstDot), text.substring(firstDot + 1, pos));
    }

    private void readSegment(int identifierStart) {
        char c = peek();
        if (c == '`' || c == '"' || c == '\'') {
            scanQuoted(c);
        } else if (isWordChar(c)) {
            readWord();
        } else {
            throw error("invalid identifier '" + text.substring(identifierStart, pos)
                    + "'; quote keys that contain special characters with backticks or double quotes");
        }
    }

    /** Reads one right-hand side: a quoted string, a number, a parenthesised list or a bare word. */
    RawValue readValue() {
        skipWhitespace();
        char c = peek();
        if (atEnd()) {
            throw error("expected a value at the end");
        }
        if (c == '\'' || c == '"') {
            int start = pos;
            scanQuoted(c);
            return new Quoted(text.substring(start, pos), text.substring(start + 1, pos - 1));
        }
        if (c == '(') {
            return readList();
        }
        Matcher number = NUMBER.matcher(text).region(pos, text.length());
        if (number.lookingAt() && !continuesWord(number.end())) {
            pos = number.end();
            String literal = number.group();
            return new Numeric(literal, Double.parseDouble(literal), literal.matches("-?\\d+"));
        }
        int start = pos;
        if (c == '`') {
            scanQuoted(c);
        } else {
            while (!atEnd() && !Character.isWhitespace(peek()) && peek() != ')' && peek() != '(') {
                pos++;
            }
        }
        if (start == pos) {
            throw error("unexpected character '" + c + "'");
        }
        return new Bare(text.substring(start, pos));
    }

    private boolean continuesWord(int end) {
        return end < text.length() && (isWordChar(text.charAt(end)) || text.charAt(end) == '.');
    }

    /** Skips a quoted run the way sqlparse does: a doubled quote or a backslash-quote does not end it. */
    private void scanQuoted(char quote) {
        int start = pos++;
        while (!atEnd()) {
            char c = text.charAt(pos);
            boolean nextIsQuote = pos + 1 < text.length() && text.charAt(pos + 1) == quote;
            if (nextIsQuote && (c == quote || (c == '\\' && quote != '`'))) {
                pos += 2;
            } else if (c == quote) {
                pos++;
                return;
            } else {
                pos++;
            }
        }
        throw error("unterminated quoted text starting at " + text.substring(start));
    }

    /**
     * A list such as ('a', "b"). MLflow reads it with Python's literal_eval, so items are Python strings: backslash
     * escapes apply and adjacent literals concatenate ('it''s' is "its"). A trailing comma is allowed.
     */
    private ValueList readList() {
        int start = pos++;
        List<String> values = new ArrayList<>();
        skipWhitespace();
        if (peek() == ')') {
            throw new InvalidParameterException("While parsing a list in the query, expected a non-empty list of "
                    + "string values, but got empty list");
        }
        while (true) {
            skipWhitespace();
            values.add(readListItem(start));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ')') {
                break;
            }
            if (c != ',') {
                throw illFormedList();
            }
            skipWhitespace();
            if (peek() == ')') {
                pos++;
                break;
            }
        }
        return new ValueList(text.substring(start, pos), values);
    }

    private String readListItem(int listStart) {
        char c = peek();
        if (c != '\'' && c != '"') {
            if (NUMBER.matcher(text).region(pos, text.length()).lookingAt()) {
                int end = text.indexOf(')', pos);
                String shown = end < 0 ? text.substring(listStart) : text.substring(listStart, end + 1);
                throw new InvalidParameterException("While parsing a list in the query, expected string value, "
                        + "punctuation, or whitespace, but got different type in list: " + shown);
            }
            throw illFormedList();
        }
        StringBuilder item = new StringBuilder();
        do {
            readPythonString(item);
            skipWhitespace();
        } while (peek() == '\'' || peek() == '"');
        return item.toString();
    }

    private void readPythonString(StringBuilder out) {
        char quote = text.charAt(pos++);
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return;
            }
            if (c == '\\' && !atEnd()) {
                out.append(unescape(text.charAt(pos++)));
            } else {
                out.append(c);
            }
        }
        throw illFormedList();
    }

    private static String unescape(char c) {
        return switch (c) {
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'r' -> "\r";
            case '\\', '\'', '"' -> String.valueOf(c);
            default -> "\\" + c;
        };
    }

    private InvalidParameterException illFormedList() {
        return new InvalidParameterException("While parsing a list in the query, expected a non-empty list of "
                + "string values, but got ill-formed list.");
    }

    InvalidParameterException error(String detail) {
        return new InvalidParameterException("Error on parsing " + what + " '" + text + "': " + detail);
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}

package dev.mlops.databricks.sql;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a failed statement means for the caller, read from the driver's exception. The distinction that matters is
 * whether the warehouse may have applied the statement: a refusal before execution (warehouse starting, throttled,
 * no connection) is always safe to repeat; a conflict means Delta rejected the commit; an error the engine reported
 * is final; anything lost in transit leaves the outcome unknown.
 */
public sealed class WarehouseFailure extends RuntimeException {

    /** Nothing ran: the warehouse refused before execution, or no connection was made. */
    public static final class NotExecuted extends WarehouseFailure {
        NotExecuted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Delta's optimistic concurrency rejected the commit; nothing was written. */
    public static final class Conflict extends WarehouseFailure {
        Conflict(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The statement may or may not have run (lost answer, timeout, 5xx after sending). */
    public static final class Unknown extends WarehouseFailure {
        Unknown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The workspace refused the credential. */
    public static final class Rejected extends WarehouseFailure {
        Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The engine ran the statement and reported an error (syntax, missing table, constraint): final. */
    public static final class Failed extends WarehouseFailure {
        private final String sqlState;

        Failed(String message, String sqlState, Throwable cause) {
            super(message, cause);
            this.sqlState = sqlState;
        }

        public String sqlState() {
            return sqlState;
        }
    }

    /** Carries a SQLException through code that only lets unchecked exceptions pass. */
    public static final class Wrapped extends RuntimeException {
        private final SQLException sql;

        public Wrapped(SQLException sql) {
            super(sql.getMessage(), sql);
            this.sql = sql;
        }

        public SQLException sql() {
            return sql;
        }
    }

    private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");

    WarehouseFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Delta's concurrent-modification errors share SQLSTATE class 2D521; older engines only name the exception. */
    static boolean isConflict(String sqlState, String message) {
        String m = message.toUpperCase(Locale.ROOT);
        return "2D521".equals(sqlState) || m.contains("DELTA_CONCURRENT") || m.contains("CONCURRENTAPPEND")
                || m.contains("CONCURRENTDELETE") || m.contains("CONCURRENTTRANSACTION")
                || m.contains("DELTA_METADATA_CHANGED") || m.contains("CONCURRENTMODIFICATION");
    }

    public static boolean isRejection(SQLException e) {
        String m = chainText(e);
        return m.contains("Unauthenticated") || m.contains("PermissionDenied") || m.contains("(HTTP 401)")
                || m.contains("(HTTP 403)") || m.contains("invalid_client");
    }

    /**
     * Classifies a failure of one statement. {@code sent} says whether the request may have reached the warehouse;
     * before that (no connection from the pool), nothing can have run.
     */
    public static WarehouseFailure classify(SQLException e, boolean sent) {
        String state = e.getSQLState();
        String message = String.valueOf(e.getMessage());
        String chain = chainText(e);
        if (!sent || e instanceof SQLTransientConnectionException || hasCause(e, ConnectException.class)
                || hasCause(e, UnknownHostException.class) || hasCause(e, NoRouteToHostException.class)) {
            return new NotExecuted("no connection to the warehouse", e);
        }
        if (isRejection(e)) {
            return new Rejected("the workspace refused the credential", e);
        }
        if (isConflict(state, chain)) {
            return new Conflict("a concurrent Delta commit won", e);
        }
        // Refusals the warehouse guarantees ran nothing: starting or stopped warehouse, throttling.
        if (chain.contains("TemporarilyUnavailable") || chain.contains("TEMPORARILY_UNAVAILABLE")
                || chain.contains("ResourceExhausted") || chain.contains("TooManyRequests")
                || chain.contains("REQUEST_LIMIT_EXCEEDED") || chain.contains("(HTTP 429)")
                || chain.contains("(HTTP 503)")) {
            return new NotExecuted("the warehouse is not accepting statements", e);
        }
        // The engine's own verdict: the statement reached FAILED with a real SQLSTATE.
        if (state != null && SQLSTATE.matcher(state).matches() && message.contains("FAILED")) {
            return new Failed(engineMessage(message), state, e);
        }
        if (hasCause(e, InterruptedIOException.class)) {
            return new Unknown("the warehouse did not answer in time", e);
        }
        return new Unknown("the answer from the warehouse was lost", e);
    }

    /** The engine's message without the driver's preamble (which quotes the statement text). */
    static String engineMessage(String message) {
        int at = message.indexOf("Error Message: ");
        return at >= 0 ? message.substring(at + "Error Message: ".length()).strip() : message;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String chainText(Throwable t) {
        StringBuilder text = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            text.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return text.toString();
    }
}

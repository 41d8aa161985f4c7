package dev.mlops.databricks.sql;

import dev.mlops.aws.secrets.CredentialRejectedException;
import dev.mlops.core.error.OutcomeUnknownException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.error.TemporarilyUnavailableException;
import io.smallrye.faulttolerance.api.Guard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Runs statements on the SQL warehouse: every statement of the backend goes through here. Three layers, outermost
 * first:
 * <ol>
 *   <li>Delta conflicts: a commit that lost to a concurrent one wrote nothing, so it is run again after a short,
 *       jittered pause, many times if need be. A conflict is normal under concurrency, never an outage.</li>
 *   <li>SmallRye Fault Tolerance: a circuit breaker over warehouse outages, and retry with exponential backoff for
 *       failures that are safe to repeat: refusals before execution (warehouse starting, throttling, no
 *       connection) always; a lost answer only for statements declared {@link Retry#SAFE}. A {@link Retry#ONCE}
 *       statement whose answer was lost ends in {@link OutcomeUnknownException}, never in a blind second run.</li>
 *   <li>The call itself, on a pooled connection (one warehouse session).</li>
 * </ol>
 * Writers in one process also queue per conflict domain ({@link #inLane}), so concurrent requests in one process do
 * not burn warehouse time losing Delta conflicts to each other; conflicts between processes are still retried.
 */
public final class Warehouse implements AutoCloseable {

    /** Whether a statement may run twice when its first outcome is unknown. */
    public enum Retry {
        /** Running it again converges on the same state: reads, MERGEs keyed on a request's identity, CAS. */
        SAFE,
        /** A second run could change more than the first did: reported as outcome unknown instead. */
        ONCE
    }

    private static final Logger LOG = Logger.getLogger(Warehouse.class);
    private static final int MAX_CONFLICT_ATTEMPTS = 200;

    private final SessionPool pool;
    private final Guard guard;
    private final Duration statementTimeout;
    private final Map<String, ReentrantLock> lanes = new ConcurrentHashMap<>();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();

    /** Our own retryable marker for a lost answer of a SAFE statement. */
    private static final class RetryableUnknown extends RuntimeException {
        RetryableUnknown(WarehouseFailure.Unknown cause) {
            super(cause.getMessage(), cause);
        }
    }

    public Warehouse(SessionPool pool, Duration statementTimeout, FaultPolicy policy) {
        this.pool = pool;
        this.statementTimeout = statementTimeout;
        this.guard = Guard.create()
                .withDescription("databricks-warehouse")
                .withRetry()
                .maxRetries(policy.maxRetries())
                .delay(policy.initialDelay().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(policy.maxRetryDuration().toMillis(), ChronoUnit.MILLIS)
                .jitter(policy.initialDelay().toMillis() / 2, ChronoUnit.MILLIS)
                .retryOn(List.of(WarehouseFailure.NotExecuted.class, RetryableUnknown.class))
                .withExponentialBackoff()
                .factor(2)
                .maxDelay(policy.maxDelay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .done()
                .withCircuitBreaker()
                .requestVolumeThreshold(policy.breakerVolume())
                .failureRatio(policy.breakerRatio())
                .delay(policy.breakerOpen().toMillis(), ChronoUnit.MILLIS)
                .when(Warehouse::isOutage)
                .done()
                .build();
    }

    /** Retry and breaker settings; {@link #standard()} suits a Lambda or server, tests shorten the waits. */
    public record FaultPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, Duration maxRetryDuration,
                              int breakerVolume, double breakerRatio, Duration breakerOpen) {
        public FaultPolicy {
            if (initialDelay.compareTo(maxDelay) >= 0) {
                throw new IllegalArgumentException("the initial retry delay must be below the maximum delay");
            }
        }

        public static FaultPolicy standard() {
            return new FaultPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60), 20,
                    0.5, Duration.ofSeconds(10));
        }
    }

    /** A read: always safe to repeat. */
    public List<Row> query(Sql sql) {
        return execute(sql, Retry.SAFE);
    }

    /** Runs one statement and returns its result rows (DML answers with counts such as num_affected_rows). */
    public List<Row> execute(Sql sql, Retry retry) {
        for (int attempt = 1; ; attempt++) {
            try {
                return guarded(sql, retry);
            } catch (WarehouseFailure.Conflict conflict) {
                conflicts.incrementAndGet();
                if (attempt >= MAX_CONFLICT_ATTEMPTS) {
                    throw new TemporarilyUnavailableException("The warehouse kept rejecting a write under"
                            + " concurrent changes; nothing was written.", conflict);
                }
                pause(Math.min(2000, 25L << Math.min(attempt, 6)));
            }
        }
    }

    /** The first row's {@code num_affected_rows} (DELETE, UPDATE, MERGE); 0 when the engine sent none. */
    public static long affected(List<Row> rows) {
        return count(rows, "num_affected_rows");
    }

    /**
     * The first row's {@code num_inserted_rows} (MERGE). The driver reports DML as an update count
     * ({@code num_affected_rows}) without the per-clause counts, so for a MERGE whose only clause inserts, affected
     * rows are inserted rows; every insert-only MERGE of this backend is such a MERGE.
     */
    public static long inserted(List<Row> rows) {
        return rows.isEmpty() || rows.get(0).columns().containsKey("num_inserted_rows")
                ? count(rows, "num_inserted_rows") : count(rows, "num_affected_rows");
    }

    /** DML answers as an update count; kept as the one-row answer a warehouse gives for it. */
    private static List<Row> counted(long updateCount) {
        return updateCount < 0 ? List.of() : List.of(new Row(Map.of("num_affected_rows", 0),
                List.of(Long.toString(updateCount))));
    }

    private static long count(List<Row> rows, String column) {
        if (rows.isEmpty() || !rows.get(0).columns().containsKey(column) || rows.get(0).str(column) == null) {
            return 0;
        }
        return rows.get(0).lng(column);
    }

    /**
     * Runs {@code body} holding this process's lock for one conflict domain (a table, or a partition of one), so
     * that writers in this process take turns instead of failing each other's Delta commits.
     */
    public <T> T inLane(String lane, Supplier<T> body) {
        ReentrantLock lock = lanes.computeIfAbsent(lane, l -> new ReentrantLock(true));
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** Statements sent so far (benchmarks count statements per call with it). */
    public long statementCount() {
        return statements.get();
    }

    public long conflictCount() {
        return conflicts.get();
    }

    @SuppressWarnings("unchecked")
    private List<Row> guarded(Sql sql, Retry retry) {
        try {
            return (List<Row>) guard.get(() -> attempt(sql, retry), List.class);
        } catch (CircuitBreakerOpenException open) {
            throw new TemporarilyUnavailableException("The Databricks SQL warehouse is failing; the statement was"
                    + " not sent.", open);
        } catch (RetryableUnknown lost) {
            throw new TemporarilyUnavailableException("The Databricks SQL warehouse did not answer; the read can be"
                    + " repeated.", lost.getCause());
        } catch (WarehouseFailure.NotExecuted refused) {
            throw new TemporarilyUnavailableException("The Databricks SQL warehouse is not accepting statements"
                    + " (starting, throttled or unreachable); nothing was written.", refused);
        } catch (WarehouseFailure.Failed failed) {
            // The answer names the engine's error class only; its full message (tables, SQL) stays in the cause.
            throw new StorageFailureException("The Databricks SQL warehouse refused a statement ("
                    + errorClass(failed.getMessage()) + "SQLSTATE " + failed.sqlState() + ").", failed);
        } catch (WarehouseFailure.Rejected | CredentialRejectedException rejected) {
            throw new StorageFailureException("The Databricks workspace refused the configured credential, also"
                    + " after fetching it again.", rejected);
        } catch (OutcomeUnknownException | WarehouseFailure.Conflict | StorageFailureException
                 | IllegalStateException | IllegalArgumentException pass) {
            // Our own answers, and configuration errors (no host, a bad secret) whose message says what to fix.
            throw pass;
        } catch (Exception other) {
            throw new StorageFailureException("A statement on the Databricks SQL warehouse failed.", other);
        }
    }

    /** One attempt on a pooled connection; a refused credential gets one more try on a fresh connection. */
    private List<Row> attempt(Sql sql, Retry retry) {
        try {
            return once(sql);
        } catch (WarehouseFailure.Rejected rejected) {
            // Sessions opened with the refused credential are useless now; a new one signs in through the
            // credential source, which fetches the secret again once when the old value is refused.
            LOG.infof("The workspace refused a session's credential; reconnecting once");
            pool.evictIdle();
            return once(sql);
        } catch (WarehouseFailure.Unknown lost) {
            if (retry == Retry.SAFE) {
                throw new RetryableUnknown(lost);
            }
            throw new OutcomeUnknownException("The Databricks SQL warehouse did not confirm a write, which may or"
                    + " may not have happened; it is not repeated blindly. Read the data back or send the request"
                    + " again.", lost);
        }
    }

    private List<Row> once(Sql sql) {
        Connection connection;
        try {
            connection = pool.borrow();
        } catch (SQLException e) {
            throw WarehouseFailure.classify(e, false);
        } catch (CredentialRejectedException rejected) {
            throw rejected;
        }
        boolean broken = false;
        long started = System.nanoTime();
        statements.incrementAndGet();
        try (PreparedStatement statement = connection.prepareStatement(sql.text())) {
            statement.setQueryTimeout((int) Math.max(1, statementTimeout.toSeconds()));
            bind(statement, sql.parameters());
            List<Row> rows = statement.execute() ? rows(statement.getResultSet())
                    : counted(statement.getLargeUpdateCount());
            if (LOG.isDebugEnabled()) {
                LOG.debugf("%d ms: %s", (System.nanoTime() - started) / 1_000_000, sql.text());
            }
            return rows;
        } catch (SQLException e) {
            WarehouseFailure failure = WarehouseFailure.classify(e, true);
            broken = !(failure instanceof WarehouseFailure.Failed) && !(failure instanceof WarehouseFailure.Conflict);
            throw failure;
        } finally {
            pool.release(connection, broken);
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object p = parameters.get(i);
            int at = i + 1;
            switch (p) {
                case String s -> statement.setString(at, s);
                case Long l -> statement.setLong(at, l);
                case Integer n -> statement.setInt(at, n);
                case Double d -> statement.setDouble(at, d);
                case Boolean b -> statement.setBoolean(at, b);
                case Sql.Null n -> statement.setNull(at, switch (n.type()) {
                    case STRING -> Types.VARCHAR;
                    case BIGINT -> Types.BIGINT;
                    case INT -> Types.INTEGER;
                    case DOUBLE -> Types.DOUBLE;
                    case BOOLEAN -> Types.BOOLEAN;
                });
                default -> throw new IllegalArgumentException("unsupported parameter " + p.getClass());
            }
        }
    }

    private static List<Row> rows(ResultSet rs) throws SQLException {
        try (rs) {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.put(meta.getColumnLabel(i), i - 1);
            }
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> values = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    values.add(rs.getString(i));
                }
                rows.add(new Row(Map.copyOf(columns), java.util.Collections.unmodifiableList(values)));
            }
            return rows;
        }
    }

    /** {@code [TABLE_OR_VIEW_NOT_FOUND] } from an engine message that starts with its error class, else nothing. */
    static String errorClass(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\[([A-Z_.]+)\\]").matcher(
                message == null ? "" : message);
        return m.find() ? m.group(1) + ", " : "";
    }

    static boolean isOutage(Throwable failure) {
        return failure instanceof WarehouseFailure.NotExecuted || failure instanceof RetryableUnknown
                || failure instanceof OutcomeUnknownException;
    }

    private static void pause(long maxMillis) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(maxMillis / 2, maxMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporarilyUnavailableException("Interrupted while waiting to retry a write", e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}

package dev.mlops.databricks.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Warehouse sessions (driver connections) kept open for reuse, at most {@code size} at a time. Deliberately small
 * instead of a general JDBC pool: a session is an HTTP resource with nothing to validate, and a connect must fail in
 * the caller's thread at once (a refused credential has to reach the secret's rotation logic, not a pool's
 * background thread and its timeout).
 */
public final class SessionPool implements AutoCloseable {

    private record Idle(Connection connection, long since) {
    }

    private final DataSource connections;
    private final Semaphore permits;
    private final LinkedBlockingDeque<Idle> idle = new LinkedBlockingDeque<>();
    private final Duration borrowTimeout;
    private final Duration maxIdle;
    private volatile long generation;

    public SessionPool(DataSource connections, int size, Duration borrowTimeout, Duration maxIdle) {
        this.connections = connections;
        this.permits = new Semaphore(size, true);
        this.borrowTimeout = borrowTimeout;
        this.maxIdle = maxIdle;
    }

    /** A session for one statement; give it back with {@link #release}. */
    public Connection borrow() throws SQLException {
        try {
            if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("All " + "warehouse sessions stayed busy for "
                        + borrowTimeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting for a warehouse session");
        }
        try {
            long now = System.nanoTime();
            for (Idle candidate; (candidate = idle.pollFirst()) != null; ) {
                if (now - candidate.since() < maxIdle.toNanos() && !candidate.connection().isClosed()) {
                    return candidate.connection();
                }
                closeQuietly(candidate.connection());
            }
            return connections.getConnection();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a session; a broken one (lost answer, refused credential) is closed instead of reused. */
    public void release(Connection connection, boolean broken) {
        try {
            if (broken) {
                closeQuietly(connection);
            } else {
                idle.offerFirst(new Idle(connection, System.nanoTime()));
            }
        } finally {
            permits.release();
        }
    }

    /** Closes every idle session, e.g. after the credential was refused: new sessions sign in afresh. */
    public void evictIdle() {
        generation++;
        for (Idle i; (i = idle.pollFirst()) != null; ) {
            closeQuietly(i.connection());
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // the session may be gone already
        }
    }

    @Override
    public void close() {
        evictIdle();
    }
}

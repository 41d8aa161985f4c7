package dev.mlops.testsupport.databricks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One SEA session: its own Thrift connection to Spark, used by one statement at a time (a Hive connection is not
 * safe for concurrent statements), as a warehouse session runs its statements in order.
 */
final class FacadeSession implements AutoCloseable {

    private final String id;
    private final int thriftPort;
    private final String catalog;
    private final String schema;
    private final ExecutorService worker;
    private Connection connection;

    FacadeSession(String id, int thriftPort, String catalog, String schema) {
        this.id = id;
        this.thriftPort = thriftPort;
        this.catalog = catalog;
        this.schema = schema;
        this.worker = Executors.newSingleThreadExecutor(StatementFacade.daemon("facade-session"));
    }

    String id() {
        return id;
    }

    ExecutorService worker() {
        return worker;
    }

    /** The session's connection, opened on first use (on the worker thread). */
    Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection("jdbc:hive2://127.0.0.1:" + thriftPort + "/default",
                    "facade", "");
            if (schema != null && !schema.isBlank()) {
                try (Statement use = connection.createStatement()) {
                    use.execute("USE " + (catalog == null || catalog.isBlank() ? "" : quote(catalog) + ".")
                            + quote(schema));
                }
            }
        }
        return connection;
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public void close() {
        worker.execute(() -> {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (SQLException ignored) {
                // the engine may be gone already
            }
        });
        worker.shutdown();
    }
}

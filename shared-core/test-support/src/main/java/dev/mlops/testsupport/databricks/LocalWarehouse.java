package dev.mlops.testsupport.databricks;

import java.util.UUID;

/**
 * The local Databricks stand-in a test JVM shares: one Spark engine and one statement facade in front of it,
 * started on first use and stopped at exit. The facade accepts one personal access token made up per run, so
 * leak tests have a distinctive needle. Set MLOPS_SPARK_HEAP to change the engine's heap (default 1g).
 */
public final class LocalWarehouse implements AutoCloseable {

    private static LocalWarehouse shared;
    private static RuntimeException failed;

    private final SparkEngine engine;
    private final StatementFacade facade;
    private final String token;

    private LocalWarehouse(SparkEngine engine, StatementFacade facade, String token) {
        this.engine = engine;
        this.facade = facade;
        this.token = token;
    }

    /** The JVM's warehouse; a failed start is remembered and reported again to every later caller. */
    public static synchronized LocalWarehouse get() {
        if (failed != null) {
            throw failed;
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "local-warehouse-stop"));
        }
        return shared;
    }

    /** A warehouse of its own (the caller closes it). */
    public static LocalWarehouse start() {
        String heap = System.getenv().getOrDefault("MLOPS_SPARK_HEAP", "1g");
        SparkEngine engine = SparkEngine.start(heap);
        try {
            StatementFacade facade = StatementFacade.start(engine.port());
            String token = "dapi-local-" + UUID.randomUUID().toString().replace("-", "");
            facade.acceptToken(token);
            return new LocalWarehouse(engine, facade, token);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public SparkEngine engine() {
        return engine;
    }

    public StatementFacade facade() {
        return facade;
    }

    /** host:port of the facade, as the backend's workspace host. */
    public String host() {
        return facade.host();
    }

    public String httpPath() {
        return StatementFacade.HTTP_PATH;
    }

    /** The personal access token the facade accepts. */
    public String token() {
        return token;
    }

    @Override
    public void close() {
        facade.close();
        engine.close();
    }
}

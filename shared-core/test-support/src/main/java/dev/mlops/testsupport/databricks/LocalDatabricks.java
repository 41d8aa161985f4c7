package dev.mlops.testsupport.databricks;

import java.util.concurrent.CountDownLatch;

/**
 * {@code ./mlops databricks-local}: starts the Spark engine and the statement facade, prints the environment that
 * points {@code ./mlops serve --backend databricks} at them, and serves until the process is stopped.
 */
public final class LocalDatabricks {

    private LocalDatabricks() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.err.println("[databricks-local] starting Spark SQL + Delta (Thrift server) and the statement facade...");
        LocalWarehouse warehouse = LocalWarehouse.start();
        Runtime.getRuntime().addShutdownHook(new Thread(warehouse::close, "databricks-local-stop"));
        // stdout carries only the environment, so a script can `eval` or source it.
        System.out.println("export MLOPS_DATABRICKS_HOST=" + warehouse.host());
        System.out.println("export MLOPS_DATABRICKS_HTTP_PATH=" + warehouse.httpPath());
        System.out.println("export MLOPS_DATABRICKS_TOKEN=" + warehouse.token());
        System.out.println("export MLOPS_DATABRICKS_CATALOG=spark_catalog");
        System.out.println("export MLOPS_DATABRICKS_SCHEMA=mlops");
        System.out.println("export MLOPS_DATABRICKS_INSECURE_HTTP=true");
        System.out.flush();
        System.err.println("[databricks-local] ready; engine log: " + warehouse.engine().log());
        new CountDownLatch(1).await();
    }
}

package dev.mlops.databricks;

import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;

/**
 * Registers the Parquet metric lake as the external table {@code metric_lake} in the backend's schema, so flushed
 * points can be queried next to the Delta tables. The lake's files hold their partition columns too and name the
 * run's directories {@code experiment_id=<e>/run_id=<r>}; the table is partitioned the same way, and a refresh
 * picks up directories created since.
 */
final class MetricLakeTable {

    static final String NAME = "metric_lake";

    private MetricLakeTable() {
    }

    static void register(Warehouse warehouse, DatabricksSettings settings, String location) {
        // LOCATION takes a literal only; DatabricksSettings admits nothing but a plain URI there.
        warehouse.execute(Sql.of("CREATE TABLE IF NOT EXISTS " + settings.table(NAME) + " (key STRING, step BIGINT,"
                + " timestamp BIGINT, value DOUBLE, experiment_id STRING, run_id STRING) USING PARQUET PARTITIONED BY"
                + " (experiment_id, run_id) LOCATION '" + location + "'"), Warehouse.Retry.SAFE);
        refresh(warehouse, settings);
    }

    /** Discovers partition directories the lake gained since the last refresh. */
    static void refresh(Warehouse warehouse, DatabricksSettings settings) {
        warehouse.execute(Sql.of("MSCK REPAIR TABLE " + settings.table(NAME)), Warehouse.Retry.SAFE);
    }
}

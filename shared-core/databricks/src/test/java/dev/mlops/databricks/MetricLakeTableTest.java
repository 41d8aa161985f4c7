package dev.mlops.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.databricks.sql.Row;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The metric lake registered as an external table: Parquet files laid out as the lake lays them out
 * ({@code experiment_id=<e>/run_id=<r>/part-*.parquet}, partition columns also inside the files) become queryable
 * next to the Delta tables, and a refresh picks up runs flushed after the registration.
 */
@Tag("databricks-full")
class MetricLakeTableTest {

    @Test
    void registeredLake_shouldAnswerQueries_andSeeRunsFlushedLater() throws Exception {
        DatabricksBackend backend = TestWarehouse.shared();
        Warehouse warehouse = backend.warehouse();
        DatabricksSettings settings = TestWarehouse.sharedSettings();
        Path lake = Files.createTempDirectory("lake");
        writeRun(warehouse, lake, "7", "r1", 3);

        MetricLakeTable.register(warehouse, settings.withLakeLocation(lake.toUri().toString()),
                lake.toUri().toString());
        writeRun(warehouse, lake, "7", "r2", 2);
        MetricLakeTable.refresh(warehouse, settings);

        List<Row> rows = warehouse.query(Sql.of("SELECT run_id, COUNT(*) AS points, MAX(step) AS last FROM "
                + settings.table(MetricLakeTable.NAME) + " WHERE experiment_id = ? GROUP BY run_id ORDER BY run_id",
                "7"));
        assertThat(rows).extracting(r -> r.str("run_id") + ":" + r.str("points") + ":" + r.str("last"))
                .containsExactly("r1:3:2", "r2:2:1");
    }

    /** A run's flushed file, written by Spark with the lake's columns into the lake's directory layout. */
    private static void writeRun(Warehouse warehouse, Path lake, String experiment, String run, int points) {
        Path dir = lake.resolve("experiment_id=" + experiment).resolve("run_id=" + run);
        warehouse.execute(Sql.of("INSERT OVERWRITE DIRECTORY '" + dir.toUri() + "' USING PARQUET SELECT ? AS"
                + " experiment_id, ? AS run_id, 'loss' AS key, CAST(id AS BIGINT) AS step, CAST(1000 + id AS BIGINT)"
                + " AS timestamp, CAST(id AS DOUBLE) AS value FROM range(?)", experiment, run, points),
                Warehouse.Retry.SAFE);
    }
}

package dev.mlops.databricks;

import dev.mlops.core.error.StorageFailureException;
import dev.mlops.databricks.sql.Row;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The backend's Delta tables in {@code <catalog>.<schema>}, created on first use with {@code CREATE TABLE IF NOT
 * EXISTS}. Every table carries the table property {@code mlops.schema_version}; a later release reads it and migrates.
 * Opening a schema written by a newer release fails rather than guess.
 * Complex values (tags, params, latest metrics, metric points, model outputs) are native MAP, ARRAY and STRUCT
 * columns, so they can be queried in Databricks as they are. Times are epoch milliseconds (BIGINT), as MLflow has
 * them.
 *
 * <p>Layouts follow the reads: {@code metric_batches} is partitioned by shard (so log calls of runs in different
 * shards never meet in Delta's conflict check), {@code audit_log} by UTC day (time windows and retention prune whole
 * days, and appends of different days never conflict).
 */
public final class DeltaSchema {

    /** The version this release writes and reads (the first release of this backend). */
    public static final int VERSION = 1;
    public static final String VERSION_PROPERTY = "mlops.schema_version";

    public static final String EXPERIMENTS = "experiments";
    public static final String RUNS = "runs";
    public static final String METRIC_BATCHES = "metric_batches";
    public static final String LAKE_MANIFESTS = "lake_manifests";
    public static final String MODEL_REGISTRY = "model_registry";
    public static final String LOGGED_MODELS = "logged_models";
    public static final String AUDIT_LOG = "audit_log";
    public static final String WEBHOOKS = "webhooks";
    public static final String HEALTH_STATUS = "health_status";

    /** Partitions of metric_batches: Delta checks commits for conflicts per partition, so log calls of runs in
     * different shards never conflict. */
    public static final int METRIC_SHARDS = 16;

    private static final Logger LOG = Logger.getLogger(DeltaSchema.class);

    private static final String POINT = "STRUCT<key: STRING, value: DOUBLE, timestamp: BIGINT, step: BIGINT>";
    private static final String LATEST = "STRUCT<value: DOUBLE, timestamp: BIGINT, step: BIGINT>";
    private static final String MODEL_OUTPUTS = "model_outputs ARRAY<STRUCT<model_id: STRING, step: BIGINT>>";
    private static final String MODEL_METRICS = "metrics ARRAY<STRUCT<key: STRING, value: DOUBLE, timestamp: BIGINT,"
            + " step: BIGINT, run_id: STRING, dataset_name: STRING, dataset_digest: STRING>>";

    /** A table's columns and its physical layout clause (partitioning or clustering), if any. */
    record Table(String columns, String layout) {
    }

    /** Column lists; the DDL and this release's statements are written against these. */
    private static final Map<String, Table> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put(EXPERIMENTS, new Table("(experiment_id STRING NOT NULL, name STRING NOT NULL,"
                + " artifact_location STRING, lifecycle_stage STRING NOT NULL, creation_time BIGINT,"
                + " last_update_time BIGINT, tags MAP<STRING, STRING>)", ""));
        TABLES.put(RUNS, new Table("(run_id STRING NOT NULL, experiment_id STRING NOT NULL, run_name STRING,"
                + " user_id STRING, status STRING, start_time BIGINT, end_time BIGINT, artifact_uri STRING,"
                + " lifecycle_stage STRING, params MAP<STRING, STRING>, tags MAP<STRING, STRING>,"
                + " latest_metrics MAP<STRING, " + LATEST + ">, dataset_inputs ARRAY<STRING>,"
                + " model_inputs ARRAY<STRING>, " + MODEL_OUTPUTS + ")", ""));
        TABLES.put(METRIC_BATCHES, new Table("(run_id STRING NOT NULL, experiment_id STRING, batch_id STRING NOT"
                + " NULL, shard INT NOT NULL, point_count INT, points ARRAY<" + POINT + ">, logged_at BIGINT,"
                + " released_at BIGINT)", " PARTITIONED BY (shard)"));
        TABLES.put(LAKE_MANIFESTS, new Table("(run_id STRING NOT NULL, version BIGINT NOT NULL, files STRING,"
                + " retired STRING)", ""));
        TABLES.put(MODEL_REGISTRY, new Table("(name STRING NOT NULL, version INT NOT NULL, creation_timestamp"
                + " BIGINT, last_updated_timestamp BIGINT, description STRING, tags MAP<STRING, STRING>, user_id"
                + " STRING, current_stage STRING, source STRING, run_id STRING, run_link STRING, status STRING,"
                + " status_message STRING, model_id STRING, aliases ARRAY<STRING>, deleted BOOLEAN,"
                + " request_key STRING, request_until BIGINT)", ""));
        TABLES.put(LOGGED_MODELS, new Table("(model_id STRING NOT NULL, experiment_id STRING NOT NULL, name STRING,"
                + " artifact_location STRING, creation_timestamp BIGINT, last_updated_timestamp BIGINT,"
                + " model_type STRING, source_run_id STRING, status STRING, status_message STRING,"
                + " lifecycle_stage STRING, tags MAP<STRING, STRING>, params MAP<STRING, STRING>,"
                + " revision BIGINT NOT NULL, " + MODEL_METRICS + ")", ""));
        // One row per entry; day is the entry's UTC date, yyyy-MM-dd, so time windows and retention prune by day.
        TABLES.put(AUDIT_LOG, new Table("(day STRING NOT NULL, entry_id STRING NOT NULL, sort_key STRING NOT NULL,"
                + " ts BIGINT NOT NULL, actor STRING NOT NULL, action STRING NOT NULL, resources ARRAY<STRING>,"
                + " outcome STRING, request_id STRING)",
                " PARTITIONED BY (day)"));
        TABLES.put(WEBHOOKS, new Table("(webhook_id STRING NOT NULL, name STRING, description STRING, url STRING"
                + " NOT NULL, events ARRAY<STRING>, status STRING NOT NULL, creation_timestamp BIGINT,"
                + " last_updated_timestamp BIGINT, encrypted_secret STRING)", ""));
        TABLES.put(HEALTH_STATUS, new Table("(monitor STRING NOT NULL, status STRING NOT NULL, since BIGINT NOT"
                + " NULL)", ""));
    }

    private DeltaSchema() {
    }

    public static List<String> tables() {
        return List.copyOf(TABLES.keySet());
    }

    /**
     * Checks the recorded version and creates what is missing. Costs two
     * statements when everything exists at this version (one listing, one property read), so a cold Lambda pays
     * little for it.
     */
    public static void ensure(Warehouse warehouse, DatabricksSettings settings) {
        ensure(warehouse, settings, TABLES.keySet());
    }

    /** As {@link #ensure(Warehouse, DatabricksSettings)}, for some of the tables only (tests of one store). */
    public static void ensure(Warehouse warehouse, DatabricksSettings settings, Collection<String> wanted) {
        Set<String> existing = existingTables(warehouse, settings);
        if (existing == null) {
            warehouse.execute(Sql.of("CREATE SCHEMA IF NOT EXISTS " + settings.qualifiedSchema()),
                    Warehouse.Retry.SAFE);
            existing = Set.of();
        }
        int recorded = existing.contains(EXPERIMENTS) ? recordedVersion(warehouse, settings) : VERSION;
        if (recorded > VERSION) {
            throw new StorageFailureException("The tables in " + settings.qualifiedSchema() + " have schema version "
                    + recorded + ", newer than this release understands (" + VERSION + "). Upgrade the backend.");
        }
        for (String name : wanted) {
            if (!existing.contains(name)) {
                LOG.infof("Creating Delta table %s (schema version %d)", settings.table(name), VERSION);
                warehouse.execute(Sql.of(create(settings, name)), Warehouse.Retry.SAFE);
            }
        }
        if (wanted.contains(MODEL_REGISTRY)
                && (!existing.contains("registered_models") || !existing.contains("model_versions"))) {
            createViews(warehouse, settings);
        }
    }

    static String create(DatabricksSettings settings, String name) {
        Table table = TABLES.get(name);
        // Serializable isolation: a read-modify-write commit also conflicts with concurrent appends it did not see.
        return "CREATE TABLE IF NOT EXISTS " + settings.table(name) + " " + table.columns() + " USING DELTA"
                + table.layout() + " TBLPROPERTIES ('" + VERSION_PROPERTY + "' = '" + VERSION + "',"
                + " 'delta.isolationLevel' = 'Serializable')";
    }

    /** Two views for people querying the registry: models and live versions, one row each. */
    private static void createViews(Warehouse warehouse, DatabricksSettings settings) {
        String registry = settings.table(MODEL_REGISTRY);
        warehouse.execute(Sql.of("CREATE OR REPLACE VIEW " + settings.table("registered_models") + " AS SELECT name,"
                + " creation_timestamp, last_updated_timestamp, description, tags FROM " + registry
                + " WHERE version = 0"), Warehouse.Retry.SAFE);
        warehouse.execute(Sql.of("CREATE OR REPLACE VIEW " + settings.table("model_versions") + " AS SELECT name,"
                + " version, creation_timestamp, last_updated_timestamp, description, tags, user_id, current_stage,"
                + " source, run_id, run_link, status, status_message, model_id, aliases FROM " + registry
                + " WHERE version > 0 AND NOT deleted"), Warehouse.Retry.SAFE);
    }

    /** The schema's tables and views, lower-case; null when the schema itself does not exist. */
    private static Set<String> existingTables(Warehouse warehouse, DatabricksSettings settings) {
        try {
            Set<String> names = new HashSet<>();
            for (Row row : warehouse.query(Sql.of("SHOW TABLES IN " + settings.qualifiedSchema()))) {
                names.add(row.str("tableName").toLowerCase(Locale.ROOT));
            }
            return names;
        } catch (StorageFailureException e) {
            if (String.valueOf(e.getMessage()).contains("SCHEMA_NOT_FOUND")) {
                return null;
            }
            throw e;
        }
    }

    /** The version recorded on {@code experiments}. */
    private static int recordedVersion(Warehouse warehouse, DatabricksSettings settings) {
        List<Row> rows = warehouse.query(Sql.of("SHOW TBLPROPERTIES " + settings.table(EXPERIMENTS) + " ('"
                + VERSION_PROPERTY + "')"));
        String value = rows.isEmpty() ? null : rows.get(0).str("value");
        try {
            return Integer.parseInt(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw new StorageFailureException("The table " + settings.table(EXPERIMENTS) + " has no readable "
                    + VERSION_PROPERTY + " property; it was not created by this backend.");
        }
    }
}

package dev.mlops.databricks.store;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.search.ExperimentMatcher;
import dev.mlops.core.search.ExperimentOrdering;
import dev.mlops.core.search.PageToken;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.sql.Row;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import java.util.List;
import java.util.Optional;

/**
 * The {@code experiments} table. Names stay unique because each name-changing write is one MERGE whose condition
 * reads the table: a concurrent commit that claimed the same name makes Delta reject the later one (a conflict the
 * warehouse layer retries), and the retry then sees the name taken.
 */
final class ExperimentsTable {

    private static final String COLUMNS = "experiment_id, name, artifact_location, lifecycle_stage, creation_time,"
            + " last_update_time, to_json(tags) AS tags";

    private final Warehouse warehouse;
    private final String table;
    private final String artifactRootUri;

    ExperimentsTable(Warehouse warehouse, DatabricksSettings settings, String artifactRootUri) {
        this.warehouse = warehouse;
        this.table = settings.table(DeltaSchema.EXPERIMENTS);
        this.artifactRootUri = artifactRootUri;
    }

    /** Experiment 0, "Default", exists from the start (one MERGE that does nothing once it is there). */
    void ensureDefault(long now) {
        warehouse.inLane(table, () -> warehouse.execute(Sql.of("MERGE INTO " + table + " t USING (SELECT ? AS"
                        + " experiment_id) s ON t.experiment_id = s.experiment_id WHEN NOT MATCHED THEN INSERT"
                        + " (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time,"
                        + " tags) VALUES (s.experiment_id, ?, ?, ?, ?, ?, map())",
                Experiment.DEFAULT_ID, Experiment.DEFAULT_NAME, location(Experiment.DEFAULT_ID),
                LifecycleStage.ACTIVE.wire(), now, now), Warehouse.Retry.SAFE));
    }

    /**
     * One MERGE: the next id is computed inside it from the table's highest id, and the row goes in only if no row
     * has the name. Not repeated on an unknown outcome: a repeat would answer "already exists" for our own insert.
     */
    Experiment create(NewExperiment request) {
        return warehouse.inLane(table, () -> {
            List<Row> result = warehouse.execute(Sql.of("MERGE INTO " + table + " t USING (SELECT CAST(COALESCE("
                            + "MAX(CAST(experiment_id AS BIGINT)), 0) + 1 AS STRING) AS experiment_id, ? AS name FROM "
                            + table + ") s ON t.name = s.name WHEN NOT MATCHED THEN INSERT (experiment_id, name,"
                            + " artifact_location, lifecycle_stage, creation_time, last_update_time, tags) VALUES"
                            + " (s.experiment_id, s.name, COALESCE(?, concat(?, '/', s.experiment_id)), ?, ?, ?,"
                            + " from_json(?, " + Codec.MAP_TYPE + "))",
                    request.name(), Sql.nullable(request.artifactLocation()), artifactRootUri,
                    LifecycleStage.ACTIVE.wire(), request.creationTime(), request.creationTime(),
                    Codec.json(request.tags())), Warehouse.Retry.ONCE);
            if (Warehouse.inserted(result) == 0) {
                throw alreadyExists(request.name());
            }
            return byName(request.name()).orElseThrow();
        });
    }

    Optional<Experiment> byId(String experimentId) {
        return one(Sql.of("SELECT " + COLUMNS + " FROM " + table + " WHERE experiment_id = ?", experimentId));
    }

    Optional<Experiment> byName(String name) {
        return one(Sql.of("SELECT " + COLUMNS + " FROM " + table + " WHERE name = ?", name));
    }

    /**
     * Replaces the row in one MERGE that also counts other rows holding the new name; a clash leaves the row as it
     * was. Safe to repeat: the same replacement twice is the same row.
     */
    Experiment update(Experiment e) {
        return warehouse.inLane(table, () -> {
            List<Row> result = warehouse.execute(Sql.of("MERGE INTO " + table + " t USING (SELECT ? AS"
                            + " experiment_id, (SELECT COUNT(*) FROM " + table + " WHERE name = ? AND experiment_id"
                            + " <> ?) AS clash) s ON t.experiment_id = s.experiment_id WHEN MATCHED AND s.clash = 0"
                            + " THEN UPDATE SET name = ?, artifact_location = ?, lifecycle_stage = ?, creation_time"
                            + " = ?, last_update_time = ?, tags = from_json(?, " + Codec.MAP_TYPE + ")",
                    e.experimentId(), e.name(), e.experimentId(), e.name(), Sql.nullable(e.artifactLocation()),
                    e.lifecycleStage().wire(), e.creationTime(), e.lastUpdateTime(), Codec.json(e.tags())),
                    Warehouse.Retry.SAFE);
            if (Warehouse.affected(result) == 0) {
                Experiment current = byId(e.experimentId()).orElseThrow(() -> new ResourceNotFoundException(
                        "No Experiment with id=" + e.experimentId() + " exists"));
                if (!current.equals(e)) {
                    throw alreadyExists(e.name());
                }
            }
            return e;
        });
    }

    /** Candidates by lifecycle from the warehouse; MLflow's filter grammar and ordering applied here. */
    Page<Experiment> search(ExperimentQuery query) {
        Sql sql = switch (query.viewType()) {
            case ALL -> Sql.of("SELECT " + COLUMNS + " FROM " + table);
            case ACTIVE_ONLY -> Sql.of("SELECT " + COLUMNS + " FROM " + table + " WHERE lifecycle_stage = ?",
                    LifecycleStage.ACTIVE.wire());
            case DELETED_ONLY -> Sql.of("SELECT " + COLUMNS + " FROM " + table + " WHERE lifecycle_stage = ?",
                    LifecycleStage.DELETED.wire());
        };
        List<Experiment> matching = warehouse.query(sql).stream().map(ExperimentsTable::experiment)
                .filter(x -> ExperimentMatcher.matches(query.filter(), x))
                .sorted(ExperimentOrdering.comparator(query.orderBy()))
                .toList();
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    private Optional<Experiment> one(Sql sql) {
        return warehouse.query(sql).stream().findFirst().map(ExperimentsTable::experiment);
    }

    private static Experiment experiment(Row r) {
        return new Experiment(r.str("experiment_id"), r.str("name"), r.str("artifact_location"),
                Stages.lifecycle(r.str("lifecycle_stage")), r.lng("creation_time"), r.lng("last_update_time"),
                Codec.map(r, "tags"));
    }

    private String location(String experimentId) {
        return artifactRootUri + "/" + experimentId;
    }

    private static ResourceAlreadyExistsException alreadyExists(String name) {
        return new ResourceAlreadyExistsException("Experiment '" + name + "' already exists.");
    }
}

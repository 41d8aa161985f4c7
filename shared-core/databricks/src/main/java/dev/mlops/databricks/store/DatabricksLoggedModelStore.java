package dev.mlops.databricks.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.LoggedModelStatus;
import dev.mlops.core.domain.ModelMetric;
import dev.mlops.core.error.OutcomeUnknownException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.LoggedModelQuery;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.Page;
import dev.mlops.core.search.LoggedModelMatcher;
import dev.mlops.core.search.LoggedModelOrdering;
import dev.mlops.core.search.PageToken;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.sql.Row;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * MLflow 3 logged models in {@code logged_models}, one row each with a revision counter. An update reads the row,
 * applies the service's change, and writes it back conditioned on the revision it read; if another writer got in
 * between, it reads again and re-applies the change, so concurrent writers never lose each other's changes.
 */
public final class DatabricksLoggedModelStore implements LoggedModelStore {

    private static final String COLUMNS = "model_id, experiment_id, name, artifact_location, creation_timestamp,"
            + " last_updated_timestamp, model_type, source_run_id, status, status_message, lifecycle_stage,"
            + " to_json(tags) AS tags, to_json(params) AS params, revision, to_json(metrics) AS metrics";
    private static final String METRICS_TYPE = "'array<struct<key:string,value:double,timestamp:bigint,step:bigint,"
            + "run_id:string,dataset_name:string,dataset_digest:string>>'";
    private static final TypeReference<List<StoredMetric>> METRIC_LIST = new TypeReference<>() {
    };
    private static final int MAX_ATTEMPTS = 50;

    private final Warehouse warehouse;
    private final String table;

    public DatabricksLoggedModelStore(Warehouse warehouse, DatabricksSettings settings) {
        this.warehouse = warehouse;
        this.table = settings.table(DeltaSchema.LOGGED_MODELS);
    }

    private record Stored(LoggedModel model, long revision) {
    }

    /** A metric as the ARRAY&lt;STRUCT&gt; column holds it (field names are the column's). */
    record StoredMetric(@JsonProperty("key") String key, @JsonProperty("value") double value,
                        @JsonProperty("timestamp") long timestamp, @JsonProperty("step") long step,
                        @JsonProperty("run_id") String runId, @JsonProperty("dataset_name") String datasetName,
                        @JsonProperty("dataset_digest") String datasetDigest) {
        static StoredMetric of(ModelMetric m) {
            return new StoredMetric(m.key(), m.value(), m.timestamp(), m.step(), m.runId(), m.datasetName(),
                    m.datasetDigest());
        }

        ModelMetric metric() {
            return new ModelMetric(key, value, timestamp, step, runId, datasetName, datasetDigest);
        }
    }

    private static String metrics(LoggedModel m) {
        return Codec.json(m.metrics().stream().map(StoredMetric::of).toList());
    }

    @Override
    public boolean insert(LoggedModel m) {
        return Warehouse.inserted(warehouse.inLane(table, () -> warehouse.execute(Sql.of("MERGE INTO " + table
                        + " t USING (SELECT ? AS model_id) s ON t.model_id = s.model_id WHEN NOT MATCHED THEN INSERT"
                        + " (model_id, experiment_id, name, artifact_location, creation_timestamp,"
                        + " last_updated_timestamp, model_type, source_run_id, status, status_message, lifecycle_stage,"
                        + " tags, params, revision, metrics) VALUES (s.model_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " from_json(?, " + Codec.MAP_TYPE + "), from_json(?, " + Codec.MAP_TYPE + "), 0, from_json(?, "
                        + METRICS_TYPE + "))",
                m.modelId(), m.experimentId(), Sql.nullable(m.name()), Sql.nullable(m.artifactLocation()),
                m.creationTimestamp(), m.lastUpdatedTimestamp(), Sql.nullable(m.modelType()),
                Sql.nullable(m.sourceRunId()), m.status().name(), Sql.nullable(m.statusMessage()),
                m.lifecycleStage().wire(), Codec.json(m.tags()), Codec.json(m.params()), metrics(m)),
                Warehouse.Retry.SAFE)))
                > 0;
    }

    @Override
    public Optional<LoggedModel> get(String modelId) {
        return read(modelId).map(Stored::model);
    }

    @Override
    public LoggedModel update(String modelId, UnaryOperator<LoggedModel> change) {
        return warehouse.inLane(table, () -> {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Stored current = read(modelId).orElseThrow(() -> new ResourceNotFoundException(
                        "Logged model with ID '" + modelId + "' not found."));
                LoggedModel next = change.apply(current.model());
                if (!next.modelId().equals(modelId) || !next.experimentId().equals(current.model().experimentId())) {
                    throw new IllegalArgumentException("An update must keep the model and experiment ids");
                }
                long written = written(modelId, current, next, Sql.of("UPDATE " + table + " SET name = ?,"
                                + " artifact_location = ?, creation_timestamp = ?, last_updated_timestamp = ?,"
                                + " model_type = ?, source_run_id = ?, status = ?, status_message = ?,"
                                + " lifecycle_stage = ?, tags = from_json(?, " + Codec.MAP_TYPE + "), params ="
                                + " from_json(?, " + Codec.MAP_TYPE + "), metrics = from_json(?, " + METRICS_TYPE
                                + "), revision = revision + 1 WHERE model_id = ?"
                                + " AND revision = ?",
                        Sql.nullable(next.name()), Sql.nullable(next.artifactLocation()), next.creationTimestamp(),
                        next.lastUpdatedTimestamp(), Sql.nullable(next.modelType()),
                        Sql.nullable(next.sourceRunId()), next.status().name(), Sql.nullable(next.statusMessage()),
                        next.lifecycleStage().wire(), Codec.json(next.tags()), Codec.json(next.params()), metrics(next),
                        modelId,
                        current.revision()));
                if (written == 1) {
                    return next;
                }
            }
            throw new dev.mlops.core.error.TemporarilyUnavailableException("Logged model " + modelId
                    + " kept changing under concurrent writers; nothing was written.", null);
        });
    }

    /** Active models of the experiments from the warehouse; MLflow's grammar and ordering applied here. */
    @Override
    public Page<LoggedModel> search(LoggedModelQuery query) {
        if (query.experimentIds().isEmpty()) {
            return new Page<>(List.of(), null);
        }
        Sql sql = Sql.builder().sql("SELECT " + COLUMNS + " FROM " + table + " WHERE lifecycle_stage = ?",
                        LifecycleStage.ACTIVE.wire())
                .sql(" AND experiment_id IN ").in(query.experimentIds()).build();
        List<LoggedModel> matching = warehouse.query(sql).stream().map(r -> model(r).model())
                .filter(m -> LoggedModelMatcher.matches(query.filter(), query.datasets(), m))
                .sorted(LoggedModelOrdering.comparator(query.orderBy()))
                .toList();
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    /**
     * Runs the conditional update once. When its answer is lost, the stored row says what happened: the next
     * revision holding exactly our record means it was written; anything else leaves the outcome unknown.
     */
    private long written(String modelId, Stored current, LoggedModel next, Sql update) {
        try {
            return Warehouse.affected(warehouse.execute(update, Warehouse.Retry.ONCE));
        } catch (OutcomeUnknownException lost) {
            Optional<Stored> now = read(modelId);
            if (now.isPresent() && now.get().revision() == current.revision() + 1 && now.get().model().equals(next)) {
                return 1;
            }
            throw lost;
        }
    }

    private Optional<Stored> read(String modelId) {
        return warehouse.query(Sql.of("SELECT " + COLUMNS + " FROM " + table + " WHERE model_id = ?", modelId))
                .stream().findFirst().map(DatabricksLoggedModelStore::model);
    }

    private static Stored model(Row r) {
        List<StoredMetric> metrics = r.json("metrics", METRIC_LIST);
        return new Stored(new LoggedModel(r.str("model_id"), r.str("experiment_id"), r.str("name"),
                r.str("artifact_location"), r.lng("creation_timestamp"), r.lng("last_updated_timestamp"),
                r.str("model_type"), r.str("source_run_id"), LoggedModelStatus.valueOf(r.str("status")),
                r.str("status_message"), Stages.lifecycle(r.str("lifecycle_stage")), Codec.map(r, "tags"),
                Codec.map(r, "params"), metrics == null ? List.of() : metrics.stream().map(StoredMetric::metric)
                .toList()), r.lng("revision"));
    }
}

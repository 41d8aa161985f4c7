package dev.mlops.databricks.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.search.RunMatcher;
import dev.mlops.core.search.RunOrdering;
import dev.mlops.core.service.TrackingService;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.sql.Row;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code runs} table: one row per run with params, tags and latest metrics as MAP columns, so every change to
 * a run is a single UPDATE of one row, atomic by construction, with no read before it.
 */
final class RunsTable {

    /** A run's latest value of one metric, as the MAP column holds it. */
    record Latest(double value, long timestamp, long step) {
    }

    /** A model output as the ARRAY&lt;STRUCT&gt; column holds it (field names are the column's). */
    record Output(@JsonProperty("model_id") String modelId, @JsonProperty("step") long step) {
        static Output of(ModelOutput output) {
            return new Output(output.modelId(), output.step());
        }

        ModelOutput output() {
            return new ModelOutput(modelId, step);
        }
    }

    private static final TypeReference<List<Output>> OUTPUT_LIST = new TypeReference<>() {
    };
    private static final String OUTPUTS_TYPE = "'array<struct<model_id:string,step:bigint>>'";

    private static final TypeReference<Map<String, Latest>> LATEST_MAP = new TypeReference<>() {
    };
    private static final String LATEST_TYPE = "'map<string,struct<value:double,timestamp:bigint,step:bigint>>'";

    private static final String COLUMNS = "run_id, experiment_id, run_name, user_id, status, start_time, end_time,"
            + " artifact_uri, lifecycle_stage, to_json(params) AS params, to_json(tags) AS tags,"
            + " to_json(latest_metrics) AS latest_metrics, to_json(dataset_inputs) AS dataset_inputs,"
            + " to_json(model_inputs) AS model_inputs, to_json(model_outputs) AS model_outputs";

    /**
     * MLflow's "latest": highest step, then timestamp, then value (as MetricPoint.isNewerThan). Spark orders NaN
     * above every number, as Double.compare does.
     */
    private static final String NEWER = "CASE WHEN n IS NULL THEN o WHEN o IS NULL THEN n WHEN n.step > o.step"
            + " OR (n.step = o.step AND (n.timestamp > o.timestamp OR (n.timestamp = o.timestamp AND n.value >"
            + " o.value))) THEN n ELSE o END";

    private final Warehouse warehouse;
    private final String table;

    RunsTable(Warehouse warehouse, DatabricksSettings settings) {
        this.warehouse = warehouse;
        this.table = settings.table(DeltaSchema.RUNS);
    }

    /** MERGE on the run id: a retried create-run derives the same id and inserts nothing. */
    boolean insert(Run run) {
        RunInfo i = run.info();
        Map<String, Latest> latest = new LinkedHashMap<>();
        run.latestMetrics().forEach((k, p) -> latest.put(k, new Latest(p.value(), p.timestamp(), p.step())));
        List<Row> result = warehouse.inLane(table, () -> warehouse.execute(Sql.of("MERGE INTO " + table
                        + " t USING (SELECT ? AS run_id) s ON t.run_id = s.run_id WHEN NOT MATCHED THEN INSERT (run_id,"
                        + " experiment_id, run_name, user_id, status, start_time, end_time, artifact_uri,"
                        + " lifecycle_stage, params, tags, latest_metrics, dataset_inputs, model_inputs,"
                        + " model_outputs) VALUES (s.run_id, ?, ?, ?, ?, ?, ?, ?, ?, from_json(?, " + Codec.MAP_TYPE
                        + "), from_json(?, " + Codec.MAP_TYPE + "), from_json(?, " + LATEST_TYPE + "), from_json(?, "
                        + Codec.LIST_TYPE + "), from_json(?, " + Codec.LIST_TYPE + "), from_json(?, " + OUTPUTS_TYPE
                        + "))",
                i.runId(), i.experimentId(), Sql.nullable(i.runName()), Sql.nullable(i.userId()), i.status().name(),
                i.startTime(), Sql.nullable(i.endTime()), i.artifactUri(), i.lifecycleStage().wire(),
                Codec.json(run.params()), Codec.json(run.tags()), Codec.json(latest),
                Codec.json(run.datasetInputs().stream().map(Codec::json).toList()), Codec.json(run.modelInputs()),
                Codec.json(run.modelOutputs().stream().map(Output::of).toList())),
                Warehouse.Retry.SAFE));
        return Warehouse.inserted(result) > 0;
    }

    Optional<Run> get(String runId) {
        return warehouse.query(Sql.of("SELECT " + COLUMNS + " FROM " + table + " WHERE run_id = ?", runId)).stream()
                .findFirst().map(RunsTable::run);
    }

    RunInfo updateInfo(RunInfo i) {
        long changed = Warehouse.affected(warehouse.inLane(table, () -> warehouse.execute(Sql.of("UPDATE " + table
                        + " SET run_name = ?, user_id = ?, status = ?, start_time = ?, end_time = ?, artifact_uri = ?,"
                        + " lifecycle_stage = ? WHERE run_id = ?", Sql.nullable(i.runName()),
                Sql.nullable(i.userId()), i.status().name(), i.startTime(), Sql.nullable(i.endTime()),
                i.artifactUri(), i.lifecycleStage().wire(), i.runId()), Warehouse.Retry.SAFE)));
        if (changed == 0) {
            throw notFound(i.runId());
        }
        return i;
    }

    /**
     * One UPDATE: params are added only where absent and the row changes only when no given param clashes with a
     * stored one; tags are set, then deleted; latest metrics merge by MLflow's ordering. Repeating it changes
     * nothing more. When it changed nothing, one read tells a missing run from a param clash.
     */
    void updateData(String runId, RunUpdate update) {
        if (update.params().isEmpty() && update.setTags().isEmpty() && update.deleteTags().isEmpty()
                && update.latestCandidates().isEmpty()) {
            if (get(runId).isEmpty()) {
                throw notFound(runId);
            }
            return;
        }
        String params = Codec.json(update.params());
        String setTags = Codec.json(update.setTags());
        String deleteTags = Codec.json(update.deleteTags());
        String latest = Codec.json(newest(update.latestCandidates()));
        List<Row> result = warehouse.inLane(table, () -> warehouse.execute(Sql.of("UPDATE " + table + " SET"
                        + " params = map_concat(params, map_filter(from_json(?, " + Codec.MAP_TYPE + "), (k, v) -> NOT"
                        + " map_contains_key(params, k))),"
                        + " tags = map_filter(map_concat(map_filter(tags, (k, v) -> NOT map_contains_key(from_json(?, "
                        + Codec.MAP_TYPE + "), k)), from_json(?, " + Codec.MAP_TYPE + ")), (k, v) -> NOT"
                        + " array_contains(from_json(?, " + Codec.LIST_TYPE + "), k)),"
                        + " latest_metrics = map_zip_with(latest_metrics, from_json(?, " + LATEST_TYPE + "),"
                        + " (k, o, n) -> " + NEWER + ")"
                        + " WHERE run_id = ? AND size(map_filter(from_json(?, " + Codec.MAP_TYPE + "), (k, v) ->"
                        + " map_contains_key(params, k) AND params[k] <> v)) = 0",
                params, setTags, setTags, deleteTags, latest, runId, params), Warehouse.Retry.SAFE));
        if (Warehouse.affected(result) > 0) {
            return;
        }
        Run run = get(runId).orElseThrow(() -> notFound(runId));
        update.params().forEach((key, value) -> {
            String stored = run.params().get(key);
            if (stored != null && !stored.equals(value)) {
                throw TrackingService.paramClash(runId, key, stored, value);
            }
        });
        throw new IllegalStateException("The run's update changed nothing, yet no param clashes");
    }

    /** Adds dataset inputs (each stored as its JSON text) and model ids the run does not have yet. */
    Run addInputs(String runId, List<DatasetInput> datasets, List<String> modelIds) {
        long changed = Warehouse.affected(warehouse.inLane(table, () -> warehouse.execute(Sql.of("UPDATE " + table
                        + " SET dataset_inputs = array_union(dataset_inputs, from_json(?, " + Codec.LIST_TYPE + ")),"
                        + " model_inputs = array_union(model_inputs, from_json(?, " + Codec.LIST_TYPE + "))"
                        + " WHERE run_id = ?",
                Codec.json(datasets.stream().map(Codec::json).toList()), Codec.json(modelIds), runId),
                Warehouse.Retry.SAFE)));
        if (changed == 0) {
            throw notFound(runId);
        }
        return get(runId).orElseThrow(() -> notFound(runId));
    }

    /**
     * Adds model outputs the run does not have yet (same model and step), after the ones it has. A row written
     * before the column had values reads NULL there, hence the COALESCE.
     */
    Run addOutputs(String runId, List<ModelOutput> outputs) {
        long changed = Warehouse.affected(warehouse.inLane(table, () -> warehouse.execute(Sql.of("UPDATE " + table
                        + " SET model_outputs = array_union(COALESCE(model_outputs, from_json('[]', " + OUTPUTS_TYPE
                        + ")), from_json(?, " + OUTPUTS_TYPE + ")) WHERE run_id = ?",
                Codec.json(outputs.stream().map(Output::of).toList()), runId), Warehouse.Retry.SAFE)));
        if (changed == 0) {
            throw notFound(runId);
        }
        return get(runId).orElseThrow(() -> notFound(runId));
    }

    /** Candidates by experiment and lifecycle from the warehouse; MLflow's grammar and ordering applied here. */
    Page<Run> search(RunQuery query) {
        if (query.experimentIds().isEmpty()) {
            return new Page<>(List.of(), null);
        }
        Sql.Builder sql = Sql.builder().sql("SELECT " + COLUMNS + " FROM " + table + " WHERE experiment_id IN ")
                .in(query.experimentIds());
        switch (query.viewType()) {
            case ACTIVE_ONLY -> sql.sql(" AND lifecycle_stage = ?", LifecycleStage.ACTIVE.wire());
            case DELETED_ONLY -> sql.sql(" AND lifecycle_stage = ?", LifecycleStage.DELETED.wire());
            case ALL -> {
            }
        }
        List<Run> matching = warehouse.query(sql.build()).stream().map(RunsTable::run)
                .filter(r -> RunMatcher.matches(query.filter(), r))
                .sorted(RunOrdering.comparator(query.orderBy()))
                .toList();
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    void setLifecycle(String experimentId, LifecycleStage from, LifecycleStage to) {
        warehouse.inLane(table, () -> warehouse.execute(Sql.of("UPDATE " + table + " SET lifecycle_stage = ? WHERE"
                + " experiment_id = ? AND lifecycle_stage = ?", to.wire(), experimentId, from.wire()),
                Warehouse.Retry.SAFE));
    }

    /** The newest candidate per key, so the JSON map has one entry per key. */
    private static Map<String, Latest> newest(List<MetricPoint> candidates) {
        Map<String, MetricPoint> best = new HashMap<>();
        for (MetricPoint p : candidates) {
            best.merge(p.key(), p, (a, b) -> b.isNewerThan(a) ? b : a);
        }
        Map<String, Latest> out = new LinkedHashMap<>();
        best.forEach((k, p) -> out.put(k, new Latest(p.value(), p.timestamp(), p.step())));
        return out;
    }

    static Run run(Row r) {
        RunInfo info = new RunInfo(r.str("run_id"), r.str("experiment_id"), r.str("run_name"), r.str("user_id"),
                RunStatus.valueOf(r.str("status")), r.lng("start_time"), r.nullableLong("end_time"),
                r.str("artifact_uri"), Stages.lifecycle(r.str("lifecycle_stage")));
        Map<String, MetricPoint> latest = new HashMap<>();
        Map<String, Latest> stored = r.json("latest_metrics", LATEST_MAP);
        if (stored != null) {
            stored.forEach((k, v) -> latest.put(k, new MetricPoint(k, v.value(), v.timestamp(), v.step())));
        }
        List<DatasetInput> datasets = new ArrayList<>();
        for (String json : Codec.list(r, "dataset_inputs")) {
            datasets.add(Codec.read(json, new TypeReference<DatasetInput>() {
            }));
        }
        List<Output> outputs = r.json("model_outputs", OUTPUT_LIST);
        return new Run(info, Codec.map(r, "params"), Codec.map(r, "tags"), latest, datasets,
                Codec.list(r, "model_inputs"),
                outputs == null ? List.of() : outputs.stream().map(Output::output).toList());
    }

    static ResourceNotFoundException notFound(String runId) {
        return new ResourceNotFoundException("Run with id=" + runId + " not found");
    }
}

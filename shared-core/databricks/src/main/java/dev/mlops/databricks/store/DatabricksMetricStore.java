package dev.mlops.databricks.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.OutcomeUnknownException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.BufferStats;
import dev.mlops.core.metric.HistoryPage;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.sql.Row;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metric buffer as Delta tables. {@code metric_batches} holds one row per log call: its {@link PointBatch}
 * digest, the points as an ARRAY of STRUCTs, and a shard column it is partitioned by. A log call is one MERGE on
 * (shard, run, digest), so a retried call inserts nothing, and calls of runs in different shards never meet in
 * Delta's conflict check. {@code lake_manifests} holds each run's {@link LakeManifest}, committed by a conditional
 * UPDATE on its version. A released batch keeps its row with the points removed (a tombstone) for
 * {@link #TOMBSTONE_TTL}, so a late client retry is still recognised.
 */
public final class DatabricksMetricStore implements MetricBuffer {

    static final Duration TOMBSTONE_TTL = Duration.ofDays(7);

    private static final String POINTS_TYPE = "'array<struct<key:string,value:double,timestamp:bigint,step:bigint>>'";
    private static final TypeReference<List<StoredPoint>> POINT_LIST = new TypeReference<>() {
    };
    private static final TypeReference<List<LakeManifest.LakeFile>> FILE_LIST = new TypeReference<>() {
    };
    private static final TypeReference<List<LakeManifest.Retired>> RETIRED_LIST = new TypeReference<>() {
    };

    /** One point as the ARRAY&lt;STRUCT&gt; column holds it. */
    record StoredPoint(String key, double value, long timestamp, long step) {
        MetricPoint point() {
            return new MetricPoint(key, value, timestamp, step);
        }
    }

    private final Warehouse warehouse;
    private final String batches;
    private final String manifests;
    private final InstantSource clock;
    private final AtomicLong deduplicated = new AtomicLong();

    public DatabricksMetricStore(Warehouse warehouse, DatabricksSettings settings, InstantSource clock) {
        this.warehouse = warehouse;
        this.batches = settings.table(DeltaSchema.METRIC_BATCHES);
        this.manifests = settings.table(DeltaSchema.LAKE_MANIFESTS);
        this.clock = clock;
    }

    static int shard(String runId) {
        return Math.floorMod(runId.hashCode(), DeltaSchema.METRIC_SHARDS);
    }

    /** One MERGE for the whole call, then one read of the run's buffered point count. */
    @Override
    public long append(String experimentId, String runId, List<MetricPoint> points) {
        int shard = shard(runId);
        if (!points.isEmpty()) {
            PointBatch batch = PointBatch.encode(points);
            List<StoredPoint> stored = new ArrayList<>(batch.count());
            batch.forEach(p -> stored.add(new StoredPoint(p.key(), p.value(), p.timestamp(), p.step())));
            List<Row> merged = warehouse.inLane(batches + "/" + shard, () -> warehouse.execute(Sql.of("MERGE INTO " + batches
                            + " t USING (SELECT ? AS run_id, ? AS batch_id, ? AS shard) s ON t.shard = ? AND t.run_id"
                            + " = s.run_id AND t.batch_id = s.batch_id WHEN NOT MATCHED THEN INSERT (run_id,"
                            + " experiment_id, batch_id, shard, point_count, points, logged_at, released_at) VALUES"
                            + " (s.run_id, ?, s.batch_id, s.shard, ?, from_json(?, " + POINTS_TYPE + "), ?, NULL)",
                    runId, batch.digest(), shard, shard, experimentId, batch.count(), Codec.json(stored),
                    clock.millis()), Warehouse.Retry.SAFE));
            if (Warehouse.inserted(merged) == 0) {
                deduplicated.incrementAndGet();
            }
        }
        List<Row> count = warehouse.query(Sql.of("SELECT COALESCE(SUM(point_count), 0) AS buffered FROM " + batches
                + " WHERE shard = ? AND run_id = ? AND released_at IS NULL", shard, runId));
        return count.isEmpty() ? 0 : count.get(0).lng("buffered");
    }

    /** The buffer's logical content: points of live batches that no committed lake file covers. */
    @Override
    public MetricCursor series(String runId, String key, long minStep, long maxStep, MetricPoint after) {
        List<Row> rows = warehouse.query(Sql.of("SELECT batch_id, to_json(filter(points, p -> p.key = ? AND p.step"
                        + " BETWEEN ? AND ?)) AS points FROM " + batches + " WHERE shard = ? AND run_id = ? AND"
                        + " released_at IS NULL", key, minStep, maxStep, shard(runId), runId));
        Set<String> covered = manifest(runId).coveredBatches();
        List<MetricPoint> points = new ArrayList<>();
        for (Row row : rows) {
            if (!covered.contains(row.str("batch_id"))) {
                row.json("points", POINT_LIST).forEach(p -> points.add(p.point()));
            }
        }
        return HistoryPage.cursor(points, after);
    }

    @Override
    public List<PendingRun> pendingRuns() {
        Map<String, PendingRun> runs = new LinkedHashMap<>();
        for (Row row : warehouse.query(Sql.of("SELECT DISTINCT run_id, experiment_id FROM " + batches
                + " WHERE released_at IS NULL"))) {
            runs.putIfAbsent(row.str("run_id"), new PendingRun(row.str("run_id"), row.str("experiment_id")));
        }
        return List.copyOf(runs.values());
    }

    /** Batches first, then the manifest, as {@link BufferSnapshot} requires. */
    @Override
    public BufferSnapshot snapshot(String runId) {
        List<PointBatch> live = new ArrayList<>();
        for (Row row : warehouse.query(Sql.of("SELECT batch_id, to_json(points) AS points FROM " + batches
                + " WHERE shard = ? AND run_id = ? AND released_at IS NULL", shard(runId), runId))) {
            List<MetricPoint> points = row.json("points", POINT_LIST).stream().map(StoredPoint::point).toList();
            PointBatch batch = PointBatch.encode(points);
            // The digest names the batch everywhere (manifests, releases): a stored batch must re-encode to it.
            if (!batch.digest().equals(row.str("batch_id"))) {
                throw new StorageFailureException("Metric batch " + row.str("batch_id") + " of run " + runId
                        + " does not match its digest in the warehouse");
            }
            live.add(batch);
        }
        return new BufferSnapshot(live, manifest(runId));
    }

    @Override
    public LakeManifest manifest(String runId) {
        List<Row> rows = warehouse.query(Sql.of("SELECT version, files, retired FROM " + manifests
                + " WHERE run_id = ?", runId));
        if (rows.isEmpty()) {
            return LakeManifest.empty(runId);
        }
        Row r = rows.get(0);
        return new LakeManifest(runId, r.lng("version"), Codec.read(r.str("files"), FILE_LIST),
                r.str("retired") == null ? List.of() : Codec.read(r.str("retired"), RETIRED_LIST));
    }

    /**
     * The first version goes in by a MERGE that inserts only when the run has none; later ones by an UPDATE
     * conditioned on the expected version. When the answer is lost, the stored manifest says who won.
     */
    @Override
    public boolean commit(LakeManifest expected, LakeManifest next) {
        String runId = expected.runId();
        String files = Codec.json(next.files());
        String retired = Codec.json(next.retired());
        try {
            return warehouse.inLane(manifests, () -> {
                if (expected.version() == 0) {
                    return Warehouse.inserted(warehouse.execute(Sql.of("MERGE INTO " + manifests + " t USING (SELECT"
                                    + " ? AS run_id) s ON t.run_id = s.run_id WHEN NOT MATCHED THEN INSERT (run_id,"
                                    + " version, files, retired) VALUES (s.run_id, ?, ?, ?)", runId, next.version(),
                            files, retired), Warehouse.Retry.ONCE)) == 1;
                }
                return Warehouse.affected(warehouse.execute(Sql.of("UPDATE " + manifests + " SET version = ?,"
                                + " files = ?, retired = ? WHERE run_id = ? AND version = ?", next.version(), files,
                        retired, runId, expected.version()), Warehouse.Retry.ONCE)) == 1;
            });
        } catch (OutcomeUnknownException lost) {
            return manifest(runId).equals(next);
        }
    }

    /**
     * One aggregate over the live batches. A run's wait starts at its oldest live batch: what is left after a
     * partial flush is what was logged last, so that is also when the run was last partly flushed, or later.
     */
    @Override
    public BufferStats stats() {
        List<Row> rows = warehouse.query(Sql.of("SELECT COUNT(DISTINCT run_id) AS runs, COALESCE(SUM(point_count), 0)"
                + " AS points, MIN(logged_at) AS oldest FROM " + batches + " WHERE released_at IS NULL"));
        if (rows.isEmpty() || rows.get(0).lng("runs") == 0) {
            return BufferStats.EMPTY;
        }
        Row r = rows.get(0);
        Long oldest = r.nullableLong("oldest");
        return new BufferStats((int) r.lng("runs"), r.lng("points"),
                Optional.ofNullable(oldest).map(Instant::ofEpochMilli));
    }

    /** Counted by this process: a MERGE that inserted nothing met a batch already stored. */
    @Override
    public long deduplicatedBatches() {
        return deduplicated.get();
    }

    /** Turns live batches into tombstones in one UPDATE, and drops tombstones past their time in one DELETE. */
    @Override
    public void release(String runId, Collection<String> batchIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(batchIds));
        if (ids.isEmpty()) {
            return;
        }
        int shard = shard(runId);
        long now = clock.millis();
        warehouse.inLane(batches + "/" + shard, () -> {
            List<Object> parameters = new ArrayList<>(List.of(now, shard, runId));
            parameters.addAll(ids);
            warehouse.execute(new Sql("UPDATE " + batches + " SET released_at = ?, points = NULL WHERE shard = ? AND"
                    + " run_id = ? AND released_at IS NULL AND batch_id IN (" + Sql.markers(ids.size()) + ")",
                    parameters), Warehouse.Retry.SAFE);
            return warehouse.execute(Sql.of("DELETE FROM " + batches + " WHERE shard = ? AND run_id = ? AND"
                    + " released_at < ?", shard, runId, now - TOMBSTONE_TTL.toMillis()), Warehouse.Retry.SAFE);
        });
    }
}

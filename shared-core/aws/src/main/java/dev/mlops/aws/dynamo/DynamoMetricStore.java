package dev.mlops.aws.dynamo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.BufferStats;
import dev.mlops.core.metric.HistoryPage;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.metric.LakeManifest.LakeFile;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.port.MetricBuffer;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The metric buffer in DynamoDB: one partition per run (partition key = run id). Each log call is one item whose
 * sort key is its {@link PointBatch} digest, holding the encoded points; the put is conditional on the digest
 * being new, so a retried call is stored once. Two more items sort after every (hex) digest: {@code ~manifest},
 * the run's {@link LakeManifest} (committed by a put conditional on its version), and {@code ~pending}, the count of
 * buffered points. So one Query reads the batches first and the manifest after them, which is the order
 * {@link BufferSnapshot} needs. Released batches become tombstones (points removed, a TTL set) that keep their
 * digest, so a late client retry still meets the conditional put. Live batches carry a key of the sparse
 * {@code pending-index}, which is how the flush finds runs with buffered points. A call too big for one item
 * (400 KB) is split at fixed point counts, so a retry splits the same way and its parts are recognised too.
 */
public final class DynamoMetricStore implements MetricBuffer {

    /** Leaves room under DynamoDB's 400 KB item limit for the keys and attribute names. */
    static final int MAX_PAYLOAD_BYTES = 350 * 1024;
    /** How long a released batch stays recognised: client retries come within minutes, not days. */
    static final Duration TOMBSTONE_TTL = Duration.ofDays(7);
    static final String MANIFEST_SK = "~manifest";
    static final String PENDING_SK = "~pending";

    static final String POINTS = "p";
    static final String EXPERIMENT = "exp";
    static final String COUNT = "n";
    static final String RELEASED_AT = "released_at";
    static final String VERSION = "version";
    static final String FILES = "files";
    static final String RETIRED = "retired";
    /** On the {@code ~pending} counter: epoch millis since the run's buffer went non-empty or was partly flushed. */
    static final String SINCE = "since";
    /** BatchGetItem's limit. */
    private static final int GET_BATCH = 100;
    /** When the batch was appended (epoch millis): how long buffered points have waited (verify's stuck check). */
    static final String APPENDED_AT = "at";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<LakeManifest.Retired>> RETIRED_LIST = new TypeReference<>() {
    };
    private static final TypeReference<List<LakeFile>> FILE_LIST = new TypeReference<>() {
    };

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;
    private final InstantSource clock;
    private final AtomicLong deduplicated = new AtomicLong();

    public DynamoMetricStore(DynamoDbClient client, DynamoTables tables, DynamoGuard guard) {
        this(client, tables, guard, InstantSource.system());
    }

    public DynamoMetricStore(DynamoDbClient client, DynamoTables tables, DynamoGuard guard, InstantSource clock) {
        this.client = client;
        this.table = tables.metrics();
        this.guard = guard;
        this.clock = clock;
    }

    /**
     * Puts each part conditionally, then adds the inserted points to the run's counter in one update and returns
     * its new value. A call whose parts were all stored before (a retry, or no points) writes nothing and returns
     * the counter as it stands (one consistent GetItem).
     */
    @Override
    public long append(String experimentId, String runId, List<MetricPoint> points) {
        long inserted = 0;
        for (List<MetricPoint> part : split(points)) {
            PointBatch batch = PointBatch.encode(part);
            Map<String, AttributeValue> item = Map.of(
                    DynamoTables.METRIC_RUN, AttributeValue.fromS(runId),
                    DynamoTables.METRIC_BATCH, AttributeValue.fromS(batch.digest()),
                    POINTS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(batch.toBytes())),
                    EXPERIMENT, AttributeValue.fromS(experimentId),
                    COUNT, AttributeValue.fromN(Integer.toString(batch.count())),
                    APPENDED_AT, AttributeValue.fromN(Long.toString(clock.millis())),
                    DynamoTables.METRIC_PENDING, AttributeValue.fromS(DynamoTables.pendingShard(runId)));
            try {
                guard.call("PutItem metric batch", () -> client.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#batch)")
                        .expressionAttributeNames(Map.of("#batch", DynamoTables.METRIC_BATCH))));
                inserted += batch.count();
            } catch (ConditionalCheckFailedException storedBefore) {
                // a retry of a stored (or released) batch: not buffered again
                deduplicated.incrementAndGet();
            }
        }
        return inserted > 0 ? addToCounter(runId, inserted) : counter(runId);
    }

    /** The buffer's logical content only: batches no committed lake file covers. */
    @Override
    public MetricCursor series(String runId, String key, long minStep, long maxStep, MetricPoint after) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        List<MetricPoint> points = new ArrayList<>();
        for (PointBatch batch : snapshot(runId).uncovered()) {
            PointBatch.decode(batch.payload(), keyBytes, key, p -> {
                if (p.step() >= minStep && p.step() <= maxStep) {
                    points.add(p);
                }
            });
        }
        return HistoryPage.cursor(points, after);
    }

    /** Every shard of the pending index, paged; an index read is eventually consistent. */
    @Override
    public List<PendingRun> pendingRuns() {
        Map<String, PendingRun> runs = new LinkedHashMap<>();
        for (String shard : DynamoTables.pendingShards()) {
            query(QueryRequest.builder().tableName(table).indexName(DynamoTables.PENDING_INDEX)
                    .keyConditionExpression("#pending = :shard")
                    .expressionAttributeNames(Map.of("#pending", DynamoTables.METRIC_PENDING))
                    .expressionAttributeValues(Map.of(":shard", AttributeValue.fromS(shard))), "Query pending index",
                    item -> {
                        String runId = item.get(DynamoTables.METRIC_RUN).s();
                        AttributeValue experiment = item.get(EXPERIMENT);
                        runs.putIfAbsent(runId, new PendingRun(runId, experiment == null ? null : experiment.s()));
                    });
        }
        return List.copyOf(runs.values());
    }

    /** One consistent Query of the run's partition: the batches in digest order, then the manifest. */
    @Override
    public BufferSnapshot snapshot(String runId) {
        List<PointBatch> batches = new ArrayList<>();
        LakeManifest[] manifest = {LakeManifest.empty(runId)};
        query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#run = :run")
                .expressionAttributeNames(Map.of("#run", DynamoTables.METRIC_RUN))
                .expressionAttributeValues(Map.of(":run", AttributeValue.fromS(runId))), "Query metric batches",
                item -> {
                    String sk = item.get(DynamoTables.METRIC_BATCH).s();
                    if (sk.equals(MANIFEST_SK)) {
                        manifest[0] = manifest(runId, item);
                    } else if (item.containsKey(POINTS)) {
                        batches.add(PointBatch.wrap(item.get(POINTS).b().asByteBuffer()));
                    }
                    // tombstones and the counter carry no points
                });
        return new BufferSnapshot(batches, manifest[0]);
    }

    @Override
    public LakeManifest manifest(String runId) {
        GetItemResponse found = guard.call("GetItem lake manifest", () -> client.getItem(b -> b.tableName(table)
                .key(key(runId, MANIFEST_SK)).consistentRead(true)));
        return found.hasItem() && !found.item().isEmpty() ? manifest(runId, found.item()) : LakeManifest.empty(runId);
    }

    @Override
    public boolean commit(LakeManifest expected, LakeManifest next) {
        String runId = expected.runId();
        Map<String, AttributeValue> item = Map.of(
                DynamoTables.METRIC_RUN, AttributeValue.fromS(runId),
                DynamoTables.METRIC_BATCH, AttributeValue.fromS(MANIFEST_SK),
                VERSION, AttributeValue.fromN(Long.toString(next.version())),
                FILES, AttributeValue.fromS(encode(next.files(), next.runId())),
                RETIRED, AttributeValue.fromS(encode(next.retired(), next.runId())));
        boolean first = expected.version() == 0;
        try {
            guard.call("PutItem lake manifest", () -> client.putItem(b -> {
                b.tableName(table).item(item);
                if (first) {
                    b.conditionExpression("attribute_not_exists(#batch)")
                            .expressionAttributeNames(Map.of("#batch", DynamoTables.METRIC_BATCH));
                } else {
                    b.conditionExpression("#version = :expected")
                            .expressionAttributeNames(Map.of("#version", VERSION))
                            .expressionAttributeValues(Map.of(":expected",
                                    AttributeValue.fromN(Long.toString(expected.version()))));
                }
            }));
            return true;
        } catch (ConditionalCheckFailedException anotherWon) {
            return false;
        }
    }

    /**
     * Turns each live batch among {@code batchIds} into a tombstone (one conditional update each, 8 in parallel),
     * then subtracts their points from the counter. An id that is unknown or already released changes nothing. If
     * the process dies between the two steps the counter stays too high until the run's next release; it only
     * decides when to ask for a flush.
     */
    @Override
    public void release(String runId, Collection<String> batchIds) {
        long expires = clock.instant().plus(TOMBSTONE_TTL).getEpochSecond();
        String now = clock.instant().toString();
        List<String> ids = List.copyOf(new LinkedHashSet<>(batchIds));
        List<Long> released = Parallel.map(ids, Parallel.DEFAULT_WIDTH, id -> tombstone(runId, id, now, expires));
        long points = released.stream().mapToLong(Long::longValue).sum();
        if (points > 0 && addToCounter(runId, -points) <= 0) {
            clearSince(runId);
        }
    }

    /**
     * Pending runs from the index, then their counters (BatchGetItem, 100 a request): the points they hold and the
     * oldest {@code since}. About 4 index Queries plus one read unit per 100 pending runs.
     */
    @Override
    public BufferStats stats() {
        List<PendingRun> pending = pendingRuns();
        long points = 0;
        long oldest = Long.MAX_VALUE;
        for (int from = 0; from < pending.size(); from += GET_BATCH) {
            List<Map<String, AttributeValue>> keys = pending.subList(from, Math.min(pending.size(), from + GET_BATCH))
                    .stream().map(run -> key(run.runId(), PENDING_SK)).toList();
            for (Map<String, AttributeValue> counter : counters(keys)) {
                AttributeValue count = counter.get(COUNT);
                AttributeValue since = counter.get(SINCE);
                points += count == null ? 0 : Math.max(0, Long.parseLong(count.n()));
                oldest = since == null ? oldest : Math.min(oldest, Long.parseLong(since.n()));
            }
        }
        return new BufferStats(pending.size(), points,
                oldest == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)));
    }

    @Override
    public long deduplicatedBatches() {
        return deduplicated.get();
    }

    private List<Map<String, AttributeValue>> counters(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                .projectionExpression("#count, #since")
                .expressionAttributeNames(Map.of("#count", COUNT, "#since", SINCE)).build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> next = request;
            BatchGetItemResponse response = guard.call("BatchGetItem buffered points",
                    () -> client.batchGetItem(b -> b.requestItems(next)));
            items.addAll(response.responses().getOrDefault(table, List.of()));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return items;
    }

    /** The run's buffer is empty: it waits for nothing. Conditional, so a concurrent append keeps its date. */
    private void clearSince(String runId) {
        try {
            guard.call("UpdateItem buffered points", () -> client.updateItem(b -> b.tableName(table)
                    .key(key(runId, PENDING_SK))
                    .updateExpression("REMOVE #since")
                    .conditionExpression("#count <= :zero")
                    .expressionAttributeNames(Map.of("#since", SINCE, "#count", COUNT))
                    .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0")))));
        } catch (ConditionalCheckFailedException refilled) {
            // points arrived meanwhile; their wait started with them
        }
    }

    /** The released batch's point count, or 0 if it was not a live batch. */
    private long tombstone(String runId, String batchId, String now, long expires) {
        if (batchId.startsWith("~")) {
            return 0;
        }
        try {
            UpdateItemResponse old = guard.call("UpdateItem release metric batch", () -> client.updateItem(b -> b
                    .tableName(table).key(key(runId, batchId))
                    .updateExpression("REMOVE #points, #pending SET #released = :now, #expires = :expires")
                    .conditionExpression("attribute_exists(#points)")
                    .expressionAttributeNames(Map.of("#points", POINTS, "#pending", DynamoTables.METRIC_PENDING,
                            "#released", RELEASED_AT, "#expires", DynamoTables.METRIC_EXPIRES))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now),
                            ":expires", AttributeValue.fromN(Long.toString(expires))))
                    .returnValues(ReturnValue.ALL_OLD)));
            AttributeValue count = old.attributes().get(COUNT);
            return count == null ? 0 : Long.parseLong(count.n());
        } catch (ConditionalCheckFailedException notLive) {
            return 0;
        }
    }

    /**
     * Adds to the run's point counter. An append dates the wait if none is dated; a release re-dates it to now,
     * since what is left arrived during the flush (off by one flush at most).
     */
    private long addToCounter(String runId, long delta) {
        String since = delta > 0 ? "if_not_exists(#since, :now)" : ":now";
        UpdateItemResponse updated = guard.call("UpdateItem buffered points", () -> client.updateItem(b -> b
                .tableName(table).key(key(runId, PENDING_SK))
                .updateExpression("ADD #count :delta SET #since = " + since)
                .expressionAttributeNames(Map.of("#count", COUNT, "#since", SINCE))
                .expressionAttributeValues(Map.of(":delta", AttributeValue.fromN(Long.toString(delta)),
                        ":now", AttributeValue.fromN(Long.toString(clock.millis()))))
                .returnValues(ReturnValue.UPDATED_NEW)));
        return Long.parseLong(updated.attributes().get(COUNT).n());
    }

    private long counter(String runId) {
        GetItemResponse found = guard.call("GetItem buffered points", () -> client.getItem(b -> b.tableName(table)
                .key(key(runId, PENDING_SK)).consistentRead(true)));
        AttributeValue count = found.hasItem() ? found.item().get(COUNT) : null;
        return count == null ? 0 : Long.parseLong(count.n());
    }

    /** Runs a Query to the end, one 1 MB page at a time. */
    private void query(QueryRequest.Builder request, String operation, Consumer<Map<String, AttributeValue>> items) {
        Map<String, AttributeValue> start = null;
        do {
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = guard.call(operation, () -> client.query(request.build()));
            page.items().forEach(items);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private static Map<String, AttributeValue> key(String runId, String sk) {
        return Map.of(DynamoTables.METRIC_RUN, AttributeValue.fromS(runId),
                DynamoTables.METRIC_BATCH, AttributeValue.fromS(sk));
    }

    private static String encode(List<?> entries, String runId) {
        try {
            return JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new StorageFailureException("Cannot encode the lake manifest of run " + runId, e);
        }
    }

    static LakeManifest manifest(String runId, Map<String, AttributeValue> item) {
        try {
            AttributeValue retired = item.get(RETIRED);
            return new LakeManifest(runId, Long.parseLong(item.get(VERSION).n()),
                    JSON.readValue(item.get(FILES).s(), FILE_LIST),
                    retired == null ? List.of() : JSON.readValue(retired.s(), RETIRED_LIST));
        } catch (JsonProcessingException e) {
            throw new StorageFailureException("Cannot read the lake manifest of run " + runId + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Consecutive parts whose encoding stays under {@link #MAX_PAYLOAD_BYTES}; one part for any normal call. */
    static List<List<MetricPoint>> split(List<MetricPoint> points) {
        List<List<MetricPoint>> parts = new ArrayList<>();
        int from = 0;
        int bytes = 4;
        for (int i = 0; i < points.size(); i++) {
            int size = 2 + points.get(i).key().getBytes(StandardCharsets.UTF_8).length + 24;
            if (bytes + size > MAX_PAYLOAD_BYTES && i > from) {
                parts.add(points.subList(from, i));
                from = i;
                bytes = 4;
            }
            bytes += size;
        }
        if (from < points.size()) {
            parts.add(points.subList(from, points.size()));
        }
        return parts;
    }
}

package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.HistoryPage;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.port.MetricStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Metric histories as one item per log call: partition = run id, sort key = the {@link PointBatch} digest, the
 * encoded points in a binary attribute. The put is conditional on the digest being new, so a retried call is stored
 * once; partly overlapping calls are merged on read by {@link HistoryPage}. A call too big for one item (400 KB) is
 * split at fixed point counts, so a retry splits the same way and its parts are recognised too.
 */
public final class DynamoMetricStore implements MetricStore {

    /** Leaves room under DynamoDB's 400 KB item limit for the keys and attribute names. */
    static final int MAX_PAYLOAD_BYTES = 350 * 1024;
    private static final String POINTS = "p";
    private static final String EXPERIMENT = "exp";
    private static final String COUNT = "n";

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;

    public DynamoMetricStore(DynamoDbClient client, DynamoTables tables, DynamoGuard guard) {
        this.client = client;
        this.table = tables.metrics();
        this.guard = guard;
    }

    @Override
    public void append(String experimentId, String runId, List<MetricPoint> points) {
        for (List<MetricPoint> part : split(points)) {
            PointBatch batch = PointBatch.encode(part);
            Map<String, AttributeValue> item = Map.of(
                    DynamoTables.METRIC_RUN, AttributeValue.fromS(runId),
                    DynamoTables.METRIC_BATCH, AttributeValue.fromS(batch.digest()),
                    POINTS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(batch.toBytes())),
                    EXPERIMENT, AttributeValue.fromS(experimentId),
                    COUNT, AttributeValue.fromN(Integer.toString(batch.count())));
            try {
                guard.call("PutItem metric batch", () -> client.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#batch)")
                        .expressionAttributeNames(Map.of("#batch", DynamoTables.METRIC_BATCH))));
            } catch (ConditionalCheckFailedException storedBefore) {
                // a retry of a call that was stored: nothing to do
            }
        }
    }

    /** Reads the run's whole partition (every key's batches), strongly consistent, one 1 MB page at a time. */
    @Override
    public List<MetricPoint> read(String runId, String key, long minStep, long maxStep, long offset, int limit) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        List<MetricPoint> series = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#run = :run")
                    .expressionAttributeNames(Map.of("#run", DynamoTables.METRIC_RUN))
                    .expressionAttributeValues(Map.of(":run", AttributeValue.fromS(runId)));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = guard.call("Query metric batches", () -> client.query(request.build()));
            for (Map<String, AttributeValue> item : page.items()) {
                ByteBuffer payload = item.get(POINTS).b().asByteBuffer();
                PointBatch.decode(payload, keyBytes, key, p -> {
                    if (p.step() >= minStep && p.step() <= maxStep) {
                        series.add(p);
                    }
                });
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return HistoryPage.of(series, offset, limit);
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

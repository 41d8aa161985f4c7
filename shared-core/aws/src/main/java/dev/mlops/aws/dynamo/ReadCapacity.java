package dev.mlops.aws.dynamo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Counts the read units DynamoDB charges for what this process reads, computed from the items each read returned
 * by DynamoDB's rules (emulators report no usable figures): a Query costs its items' bytes (plus 100 per item read
 * from an index) in 4 KB blocks, each GetItem/BatchGetItem item at least one block; a block is 1 unit strongly
 * consistent, 0.5 eventually. Opt-in ({@code mlops.aws.meter-reads}): it shows what a change saves.
 */
public final class ReadCapacity implements ExecutionInterceptor {

    /** DynamoDB adds this much per item to its size in a global secondary index. */
    static final int INDEX_OVERHEAD = 100;

    private final DoubleAdder units = new DoubleAdder();
    private final LongAdder reads = new LongAdder();

    public double units() {
        return units.sum();
    }

    /** Read requests (Query, GetItem, BatchGetItem) counted. */
    public long reads() {
        return reads.sum();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof QueryRequest q && response instanceof QueryResponse r) {
            units.add(query(q, r));
        } else if (request instanceof GetItemRequest g && response instanceof GetItemResponse r) {
            units.add(units(r.hasItem() ? size(r.item()) : 0, Boolean.TRUE.equals(g.consistentRead())));
        } else if (request instanceof BatchGetItemRequest b && response instanceof BatchGetItemResponse r) {
            units.add(batchGet(b, r));
        } else {
            return;
        }
        reads.increment();
    }

    static double query(QueryRequest q, QueryResponse r) {
        boolean index = q.indexName() != null;
        long bytes = 0;
        for (Map<String, AttributeValue> item : r.items()) {
            bytes += size(item) + (index ? INDEX_OVERHEAD : 0);
        }
        return units(bytes, Boolean.TRUE.equals(q.consistentRead()));
    }

    static double batchGet(BatchGetItemRequest b, BatchGetItemResponse r) {
        boolean consistent = b.requestItems().values().stream().map(KeysAndAttributes::consistentRead)
                .anyMatch(Boolean.TRUE::equals);
        double total = 0;
        for (List<Map<String, AttributeValue>> items : r.responses().values()) {
            for (Map<String, AttributeValue> item : items) {
                total += units(size(item), consistent);
            }
        }
        return total;
    }

    /** DynamoDB's read units: 4 KB blocks, rounded up per request (per item for BatchGetItem), half if eventual. */
    static double units(long bytes, boolean consistent) {
        long blocks = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? blocks : blocks / 2.0;
    }

    /** An item's size by DynamoDB's rules: names plus values; numbers about half their digits; 3+1 per nesting. */
    static long size(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            bytes += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + size(attribute.getValue());
        }
        return bytes;
    }

    private static long size(AttributeValue value) {
        if (value.s() != null) {
            return value.s().getBytes(StandardCharsets.UTF_8).length;
        }
        if (value.n() != null) {
            return (value.n().replaceAll("[^0-9]", "").length() + 1) / 2 + 1;
        }
        if (value.b() != null) {
            return value.b().asByteArrayUnsafe().length;
        }
        if (value.hasM()) {
            return 3 + size(value.m()) + value.m().size();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToLong(ReadCapacity::size).sum() + value.l().size();
        }
        return 1;
    }
}

package dev.mlops.aws.dynamo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Test-only interceptor: asks every read for ReturnConsumedCapacity.TOTAL and adds up what the service reports, and
 * also computes the read units DynamoDB would charge from the item sizes (moto's figures are rough), counting scans,
 * queries and the items they returned.
 */
final class CapacityMeter implements ExecutionInterceptor {

    /** DynamoDB adds this much per item to its size in a global secondary index. */
    private static final int INDEX_OVERHEAD = 100;

    final DoubleAdder reported = new DoubleAdder();
    final DoubleAdder computed = new DoubleAdder();
    final AtomicInteger scans = new AtomicInteger();
    final AtomicInteger queries = new AtomicInteger();
    final AtomicInteger indexQueries = new AtomicInteger();
    final AtomicInteger batchGets = new AtomicInteger();
    final AtomicLong itemsRead = new AtomicLong();
    final AtomicLong indexItemsRead = new AtomicLong();
    final java.util.Set<String> indexesUsed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void reset() {
        reported.reset();
        computed.reset();
        scans.set(0);
        queries.set(0);
        indexQueries.set(0);
        batchGets.set(0);
        itemsRead.set(0);
        indexItemsRead.set(0);
        indexesUsed.clear();
    }

    String summary() {
        return ("RCU computed=%.1f reported-by-emulator=%.1f queries=%d (index %d, %s) batchGets=%d items=%d"
                + " (index %d) scans=%d").formatted(computed.sum(), reported.sum(), queries.get(), indexQueries.get(),
                indexesUsed, batchGets.get(), itemsRead.get(), indexItemsRead.get(), scans.get());
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof GetItemRequest g) {
            return g.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof BatchGetItemRequest b) {
            return b.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof ScanRequest s) {
            scans.incrementAndGet();
            return s.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof QueryRequest q && response instanceof QueryResponse r) {
            queries.incrementAndGet();
            boolean index = q.indexName() != null;
            if (index) {
                indexQueries.incrementAndGet();
                indexesUsed.add(q.indexName());
                indexItemsRead.addAndGet(r.count());
            }
            itemsRead.addAndGet(r.count());
            long bytes = 0;
            for (Map<String, AttributeValue> item : r.items()) {
                bytes += size(item) + (index ? INDEX_OVERHEAD : 0);
            }
            computed.add(units(bytes, Boolean.TRUE.equals(q.consistentRead())));
            add(r.consumedCapacity());
        } else if (request instanceof GetItemRequest g && response instanceof GetItemResponse r) {
            computed.add(units(r.hasItem() ? size(r.item()) : 0, Boolean.TRUE.equals(g.consistentRead())));
            add(r.consumedCapacity());
        } else if (request instanceof BatchGetItemRequest b && response instanceof BatchGetItemResponse r) {
            batchGets.incrementAndGet();
            boolean consistent = b.requestItems().values().stream().map(KeysAndAttributes::consistentRead)
                    .anyMatch(Boolean.TRUE::equals);
            for (List<Map<String, AttributeValue>> items : r.responses().values()) {
                itemsRead.addAndGet(items.size());
                for (Map<String, AttributeValue> item : items) {
                    computed.add(units(size(item), consistent));
                }
            }
            r.consumedCapacity().forEach(this::add);
        }
    }

    private void add(ConsumedCapacity capacity) {
        if (capacity != null && capacity.capacityUnits() != null) {
            reported.add(capacity.capacityUnits());
        }
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
            return 3 + value.l().stream().mapToLong(CapacityMeter::size).sum() + value.l().size();
        }
        return 1;
    }
}

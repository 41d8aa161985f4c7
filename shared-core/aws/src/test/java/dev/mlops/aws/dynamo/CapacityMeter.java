package dev.mlops.aws.dynamo;

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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Test-only interceptor: asks every read for ReturnConsumedCapacity.TOTAL and adds up what the service reports, and
 * also computes the read units DynamoDB would charge from the item sizes (moto's figures are rough), counting scans,
 * queries and the items they returned. With {@link #measureWrites} on, it also computes the write units of PutItem
 * and UpdateItem: it asks each for the old item (ReturnValues ALL_OLD where the caller asked for none) because
 * DynamoDB charges the larger of the old and new item, plus one entry write or delete per index the write touches.
 */
final class CapacityMeter implements ExecutionInterceptor {

    final DoubleAdder reported = new DoubleAdder();
    final DoubleAdder computed = new DoubleAdder();
    final AtomicInteger scans = new AtomicInteger();
    final AtomicInteger queries = new AtomicInteger();
    final AtomicInteger indexQueries = new AtomicInteger();
    final AtomicInteger batchGets = new AtomicInteger();
    final AtomicLong itemsRead = new AtomicLong();
    final AtomicLong indexItemsRead = new AtomicLong();
    final java.util.Set<String> indexesUsed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final DoubleAdder writeUnits = new DoubleAdder();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger indexEntryWrites = new AtomicInteger();
    volatile boolean measureWrites;

    /** Index key attributes of both tables; an item carrying one has an entry in that index. */
    private static final java.util.Set<String> INDEX_KEYS = java.util.Set.of(MetaSchema.X_STAGE,
            MetaSchema.R_EXPERIMENT, MetaSchema.R_STATUS, MetaSchema.R_PARENT, DynamoTables.METRIC_PENDING);

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
        writeUnits.reset();
        writes.set(0);
        indexEntryWrites.set(0);
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
        if (measureWrites && request instanceof PutItemRequest p && p.returnValues() == null) {
            return p.toBuilder().returnValues(ReturnValue.ALL_OLD).build();
        }
        if (measureWrites && request instanceof UpdateItemRequest u && u.returnValues() == null) {
            return u.toBuilder().returnValues(ReturnValue.ALL_OLD).build();
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
            computed.add(ReadCapacity.query(q, r));
            add(r.consumedCapacity());
        } else if (request instanceof GetItemRequest g && response instanceof GetItemResponse r) {
            computed.add(units(r.hasItem() ? size(r.item()) : 0, Boolean.TRUE.equals(g.consistentRead())));
            add(r.consumedCapacity());
        } else if (request instanceof BatchGetItemRequest b && response instanceof BatchGetItemResponse r) {
            batchGets.incrementAndGet();
            r.responses().values().forEach(items -> itemsRead.addAndGet(items.size()));
            computed.add(ReadCapacity.batchGet(b, r));
            r.consumedCapacity().forEach(this::add);
        } else if (measureWrites && request instanceof PutItemRequest p && response instanceof PutItemResponse r) {
            Map<String, AttributeValue> old = r.hasAttributes() ? r.attributes() : Map.of();
            // an entry kept under the same key is one index write, as is a new or a removed one
            write(Math.max(size(p.item()), size(old)), Math.max(indexEntries(p.item()), indexEntries(old)));
        } else if (measureWrites && request instanceof UpdateItemRequest u
                && response instanceof UpdateItemResponse r) {
            Map<String, AttributeValue> returned = r.hasAttributes() ? r.attributes() : Map.of();
            // ALL_OLD holds the key; UPDATED_NEW (the counter) only the changed attributes
            long bytes = returned.keySet().containsAll(u.key().keySet()) ? size(returned)
                    : size(u.key()) + size(returned);
            boolean touchesIndex = INDEX_KEYS.stream().anyMatch(u.expressionAttributeNames()::containsValue);
            write(bytes, touchesIndex ? 1 : 0);
        }
    }

    /** A refused condition still costs the write: at least one unit, the item's size for a put. */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (measureWrites && context.exception() instanceof ConditionalCheckFailedException) {
            if (context.request() instanceof PutItemRequest p) {
                write(size(p.item()), 0);
            } else if (context.request() instanceof UpdateItemRequest) {
                write(0, 0);
            }
        }
    }

    private void write(long bytes, int indexEntries) {
        writes.incrementAndGet();
        indexEntryWrites.addAndGet(indexEntries);
        // an index entry of these tables is well under 1 KB (the pending index projects keys and the experiment)
        writeUnits.add(Math.max(1, (bytes + 1023) / 1024) + indexEntries);
    }

    private static int indexEntries(Map<String, AttributeValue> item) {
        return (int) INDEX_KEYS.stream().filter(item::containsKey).count();
    }

    private void add(ConsumedCapacity capacity) {
        if (capacity != null && capacity.capacityUnits() != null) {
            reported.add(capacity.capacityUnits());
        }
    }

    static double units(long bytes, boolean consistent) {
        return ReadCapacity.units(bytes, consistent);
    }

    static long size(Map<String, AttributeValue> item) {
        return ReadCapacity.size(item);
    }
}

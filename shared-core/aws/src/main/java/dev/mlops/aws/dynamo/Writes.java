package dev.mlops.aws.dynamo;

import dev.mlops.core.error.StorageFailureException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes expressed once as {@link TransactWriteItem}s and executed either as one transaction or, when there is a
 * single write, as the plain single-item call with the same condition: half the write cost, same atomicity.
 */
final class Writes {

    /** DynamoDB's limit of actions per TransactWriteItems. */
    static final int TRANSACTION_LIMIT = 100;
    /** DynamoDB's limit of requests per BatchWriteItem. */
    static final int BATCH_WRITE_LIMIT = 25;
    private static final int UNPROCESSED_RETRIES = 8;

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;

    Writes(DynamoDbClient client, String table, DynamoGuard guard) {
        this.client = client;
        this.table = table;
        this.guard = guard;
    }

    /** Whether the write is to this instance's table. */
    boolean owns(TransactWriteItem write) {
        String target = write.put() != null ? write.put().tableName() : write.delete() != null
                ? write.delete().tableName() : write.update() != null ? write.update().tableName()
                : write.conditionCheck().tableName();
        return table.equals(target);
    }

    TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, String> names,
                          Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().put(p -> {
            p.tableName(table).item(item).conditionExpression(condition).expressionAttributeNames(names);
            if (!values.isEmpty()) {
                p.expressionAttributeValues(values);
            }
        }).build();
    }

    TransactWriteItem delete(Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)).build();
    }

    TransactWriteItem delete(Map<String, AttributeValue> key, String condition, Map<String, String> names,
                             Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table).key(key).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values)).build();
    }

    TransactWriteItem update(Map<String, AttributeValue> key, String expression, String condition,
                             Map<String, String> names, Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(u -> {
            u.tableName(table).key(key).updateExpression(expression).conditionExpression(condition)
                    .expressionAttributeNames(names);
            if (!values.isEmpty()) {
                u.expressionAttributeValues(values);
            }
        }).build();
    }

    /** A condition on an item the transaction does not write: the transaction happens only while it holds. */
    TransactWriteItem check(Map<String, AttributeValue> key, String condition, Map<String, String> names,
                            Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key)
                .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values))
                .build();
    }

    /**
     * Executes the writes atomically: a single write as its single-item call (a failed condition throws
     * ConditionalCheckFailedException), several as one transaction (TransactionCanceledException). At most
     * {@link #TRANSACTION_LIMIT} writes, each to a different item.
     */
    void atomically(String what, List<TransactWriteItem> writes) {
        if (writes.size() > TRANSACTION_LIMIT) {
            throw new IllegalArgumentException(writes.size() + " writes do not fit one transaction");
        }
        if (writes.isEmpty()) {
            return;
        }
        if (writes.size() > 1) {
            guard.call("TransactWriteItems " + what, () -> client.transactWriteItems(b -> b.transactItems(writes)));
            return;
        }
        TransactWriteItem only = writes.get(0);
        if (only.put() != null) {
            Put p = only.put();
            guard.call("PutItem " + what, () -> client.putItem(b -> b.tableName(p.tableName()).item(p.item())
                    .conditionExpression(p.conditionExpression())
                    .expressionAttributeNames(p.expressionAttributeNames())
                    .expressionAttributeValues(p.expressionAttributeValues())));
        } else if (only.delete() != null) {
            Delete d = only.delete();
            guard.call("DeleteItem " + what, () -> client.deleteItem(b -> b.tableName(d.tableName()).key(d.key())
                    .conditionExpression(d.conditionExpression())
                    .expressionAttributeNames(d.expressionAttributeNames())
                    .expressionAttributeValues(d.expressionAttributeValues())));
        } else if (only.update() != null) {
            Update u = only.update();
            guard.call("UpdateItem " + what, () -> client.updateItem(b -> b.tableName(u.tableName()).key(u.key())
                    .updateExpression(u.updateExpression())
                    .conditionExpression(u.conditionExpression())
                    .expressionAttributeNames(u.expressionAttributeNames())
                    .expressionAttributeValues(u.expressionAttributeValues())));
        } else {
            throw new IllegalArgumentException("Unsupported write " + only);
        }
    }

    /**
     * Executes unconditional puts and deletes with BatchWriteItem, 25 per request: one write unit per item instead
     * of a transaction's two, and no atomicity across items. Items DynamoDB leaves unprocessed are sent again.
     */
    void batched(String what, List<TransactWriteItem> writes) {
        for (int from = 0; from < writes.size(); from += BATCH_WRITE_LIMIT) {
            List<WriteRequest> pending = writes.subList(from, Math.min(writes.size(), from + BATCH_WRITE_LIMIT))
                    .stream().map(Writes::request).toList();
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > UNPROCESSED_RETRIES) {
                    throw new StorageFailureException("DynamoDB left " + pending.size() + " writes of " + what
                            + " unprocessed");
                }
                RunReader.backoff(attempt);
                Map<String, List<WriteRequest>> request = Map.of(table, pending);
                BatchWriteItemResponse response = guard.call("BatchWriteItem " + what,
                        () -> client.batchWriteItem(b -> b.requestItems(request)));
                pending = response.unprocessedItems().getOrDefault(table, List.of());
            }
        }
    }

    private static WriteRequest request(TransactWriteItem write) {
        if (write.put() != null && write.put().conditionExpression() == null) {
            return WriteRequest.builder().putRequest(p -> p.item(write.put().item())).build();
        }
        if (write.delete() != null && write.delete().conditionExpression() == null) {
            return WriteRequest.builder().deleteRequest(d -> d.key(write.delete().key())).build();
        }
        throw new IllegalArgumentException("Only unconditional puts and deletes can be batched: " + write);
    }
}

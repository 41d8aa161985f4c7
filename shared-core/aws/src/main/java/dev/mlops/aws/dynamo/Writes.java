package dev.mlops.aws.dynamo;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Writes expressed once as {@link TransactWriteItem}s and executed either as one transaction or, when there is a
 * single write, as the plain single-item call with the same condition: half the write cost, same atomicity.
 */
final class Writes {

    /** DynamoDB's limit of actions per TransactWriteItems. */
    static final int TRANSACTION_LIMIT = 100;

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;

    Writes(DynamoDbClient client, String table, DynamoGuard guard) {
        this.client = client;
        this.table = table;
        this.guard = guard;
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
}

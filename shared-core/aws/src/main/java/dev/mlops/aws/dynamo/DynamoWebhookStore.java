package dev.mlops.aws.dynamo;

import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.WebhookStore;
import dev.mlops.core.webhook.Webhook;
import dev.mlops.core.webhook.WebhookEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Webhooks in the registry table (MLflow keeps them in the model registry store): one partition {@code W}, one item
 * per webhook with sk = its id. Model partitions are {@code M#<name>}, so nothing collides, and the items carry no
 * search-index keys. The secret is stored sealed ({@code secret}); a deployment has tens of webhooks, so listing
 * reads the partition and sorts by creation time.
 */
public final class DynamoWebhookStore implements WebhookStore {

    /** The webhooks' partition; the stack narrows the webhook-delivery function's grant on the table to it. */
    public static final String PARTITION = "W";

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;

    public DynamoWebhookStore(DynamoDbClient client, DynamoTables tables, DynamoGuard guard) {
        this.client = client;
        this.table = tables.registry();
        this.guard = guard;
    }

    @Override
    public Webhook create(Webhook webhook) {
        guard.call("PutItem webhook", () -> client.putItem(b -> b.tableName(table).item(item(webhook))
                .conditionExpression("attribute_not_exists(#s)").expressionAttributeNames(Map.of("#s", "sk"))));
        return webhook;
    }

    @Override
    public Optional<Webhook> get(String id) {
        Map<String, AttributeValue> item = guard.call("GetItem webhook", () -> client.getItem(b -> b.tableName(table)
                .key(Attrs.key(PARTITION, id)).consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(webhook(item));
    }

    @Override
    public List<Webhook> list() {
        List<Webhook> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = guard.call("Query webhooks", () -> client.query(b -> {
                b.tableName(table).keyConditionExpression("#p = :p").consistentRead(true)
                        .expressionAttributeNames(Map.of("#p", "pk"))
                        .expressionAttributeValues(Map.of(":p", Attrs.s(PARTITION)));
                if (from != null) {
                    b.exclusiveStartKey(from);
                }
            }));
            page.items().forEach(item -> all.add(webhook(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        all.sort(Comparator.comparingLong(Webhook::creationTimestamp).reversed()
                .thenComparing(Webhook::id, Comparator.reverseOrder()));
        return all;
    }

    @Override
    public Webhook update(Webhook webhook) {
        try {
            guard.call("PutItem webhook", () -> client.putItem(b -> b.tableName(table).item(item(webhook))
                    .conditionExpression("attribute_exists(#s)").expressionAttributeNames(Map.of("#s", "sk"))));
        } catch (ConditionalCheckFailedException gone) {
            throw notFound(webhook.id());
        }
        return webhook;
    }

    @Override
    public void delete(String id) {
        try {
            guard.call("DeleteItem webhook", () -> client.deleteItem(b -> b.tableName(table)
                    .key(Attrs.key(PARTITION, id)).conditionExpression("attribute_exists(#s)")
                    .expressionAttributeNames(Map.of("#s", "sk"))));
        } catch (ConditionalCheckFailedException gone) {
            throw notFound(id);
        }
    }

    private static Map<String, AttributeValue> item(Webhook w) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(PARTITION, w.id()));
        item.put("name", Attrs.s(w.name()));
        item.put("url", Attrs.s(w.url()));
        item.put("events", AttributeValue.fromL(w.events().stream().map(e -> Attrs.s(e.toString())).toList()));
        item.put("status", Attrs.s(w.status().name()));
        item.put("ct", Attrs.n(w.creationTimestamp()));
        item.put("lut", Attrs.n(w.lastUpdatedTimestamp()));
        if (w.description() != null) {
            item.put("desc", Attrs.s(w.description()));
        }
        if (w.encryptedSecret() != null) {
            item.put("secret", Attrs.s(w.encryptedSecret()));
        }
        return item;
    }

    private static Webhook webhook(Map<String, AttributeValue> item) {
        List<WebhookEvent> events = item.get("events").l().stream().map(v -> WebhookEvent.parse(v.s())).toList();
        return new Webhook(Attrs.string(item, "sk"), Attrs.string(item, "name"), Attrs.string(item, "desc"),
                Attrs.string(item, "url"), events, Webhook.Status.valueOf(Attrs.string(item, "status")),
                Attrs.number(item, "ct", 0), Attrs.number(item, "lut", 0), Attrs.string(item, "secret"));
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("Webhook with ID " + id + " not found.");
    }
}

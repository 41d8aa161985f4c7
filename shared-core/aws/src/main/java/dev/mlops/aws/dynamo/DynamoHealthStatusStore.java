package dev.mlops.aws.dynamo;

import dev.mlops.core.port.HealthStatusStore;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The health monitor's last status as one item of the metadata table ({@code pk = HEALTH}, {@code sk = status}),
 * replaced by a conditional put on the status it expects. The item carries no index attribute, so no search sees it.
 */
public final class DynamoHealthStatusStore implements HealthStatusStore {

    /** The status item's partition; the stack narrows the health function's grant on the table to it. */
    public static final String PK = "HEALTH";
    static final String SK = "status";
    private static final String STATUS = "status";
    private static final String SINCE = "since";

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;

    public DynamoHealthStatusStore(DynamoDbClient client, DynamoTables tables, DynamoGuard guard) {
        this.client = client;
        this.table = tables.metadata();
        this.guard = guard;
    }

    @Override
    public Optional<Recorded> last() {
        GetItemResponse found = guard.call("GetItem health status", () -> client.getItem(b -> b.tableName(table)
                .key(key()).consistentRead(true)));
        if (!found.hasItem() || found.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Recorded(found.item().get(STATUS).s(), Long.parseLong(found.item().get(SINCE).n())));
    }

    @Override
    public boolean replace(Optional<Recorded> expected, Recorded next) {
        Map<String, AttributeValue> item = Map.of(
                MetaSchema.PK, AttributeValue.fromS(PK),
                MetaSchema.SK, AttributeValue.fromS(SK),
                STATUS, AttributeValue.fromS(next.status()),
                SINCE, AttributeValue.fromN(Long.toString(next.since())));
        try {
            guard.call("PutItem health status", () -> client.putItem(b -> {
                b.tableName(table).item(item);
                if (expected.isEmpty()) {
                    b.conditionExpression("attribute_not_exists(#pk)")
                            .expressionAttributeNames(Map.of("#pk", MetaSchema.PK));
                } else {
                    b.conditionExpression("#status = :expected")
                            .expressionAttributeNames(Map.of("#status", STATUS))
                            .expressionAttributeValues(Map.of(":expected",
                                    AttributeValue.fromS(expected.get().status())));
                }
            }));
            return true;
        } catch (ConditionalCheckFailedException anotherWon) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(MetaSchema.PK, AttributeValue.fromS(PK), MetaSchema.SK, AttributeValue.fromS(SK));
    }
}

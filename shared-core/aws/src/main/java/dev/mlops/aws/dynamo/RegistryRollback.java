package dev.mlops.aws.dynamo;

import static dev.mlops.aws.dynamo.RegistrySchema.ALIASES;
import static dev.mlops.aws.dynamo.RegistrySchema.LIVE;
import static dev.mlops.aws.dynamo.RegistrySchema.PK;
import static dev.mlops.aws.dynamo.RegistrySchema.REV;
import static dev.mlops.aws.dynamo.RegistrySchema.STAGE;
import static dev.mlops.aws.dynamo.RegistrySchema.UPDATED;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@code RegistryStore.rollBack} on DynamoDB: one transaction moves the target version to Production, archives the
 * other Production versions the model item lists as live, and points the aliases at the target, conditioned on the
 * model's revision, so it either happens whole or (after a concurrent stage or alias change) is retried from a
 * fresh read. Kept out of {@link DynamoRegistryStore}, which is long enough.
 */
final class RegistryRollback {

    private static final int ATTEMPTS = 50;
    private static final String EXISTS = "attribute_exists(#pk)";

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;
    private final Writes writes;

    RegistryRollback(DynamoDbClient client, String table, DynamoGuard guard, Writes writes) {
        this.client = client;
        this.table = table;
        this.guard = guard;
        this.writes = writes;
    }

    ModelVersion rollBack(String name, int version, Collection<String> aliases, long timestamp) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            Map<String, AttributeValue> model = read(RegistrySchema.modelKey(name));
            Map<String, AttributeValue> targetItem = read(RegistrySchema.versionKey(name, version));
            if (model == null || targetItem == null) {
                throw new ResourceNotFoundException("Model Version (name=" + name + ", version=" + version
                        + ") not found");
            }
            Map<String, String> live = new HashMap<>(RegistryItems.live(model));
            List<TransactWriteItem> changes = new ArrayList<>();
            changes.add(stage(name, version, ModelStage.PRODUCTION, timestamp, EXISTS, Map.of("#pk", PK),
                    Map.of()));
            for (Map.Entry<String, String> other : List.copyOf(live.entrySet())) {
                int number = Integer.parseInt(other.getKey());
                if (number != version && ModelStage.PRODUCTION.name().equals(other.getValue())) {
                    changes.add(stage(name, number, ModelStage.ARCHIVED, timestamp, "#s = :was", Map.of(),
                            Map.of(":was", AttributeValue.fromS(ModelStage.PRODUCTION.name()))));
                    live.remove(other.getKey());
                }
            }
            live.put(Integer.toString(version), ModelStage.PRODUCTION.name());
            StringBuilder expression = new StringBuilder("SET #live = :live, #u = :u");
            Map<String, String> names = new HashMap<>(Map.of("#live", LIVE, "#u", UPDATED, "#rev", REV));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":live", RegistryItems.strings(live),
                    ":u", Attrs.n(timestamp), ":one", Attrs.n(1), ":rev", Attrs.n(RegistryItems.rev(model)),
                    ":v", Attrs.n(version)));
            int n = 0;
            for (String alias : aliases) {
                expression.append(", #a.#alias").append(n).append(" = :v");
                names.put("#a", ALIASES);
                names.put("#alias" + n++, alias);
            }
            expression.append(" ADD #rev :one");
            changes.add(writes.update(RegistrySchema.modelKey(name), expression.toString(), "#rev = :rev", names,
                    values));
            try {
                guard.call("TransactWriteItems roll back", () -> client.transactWriteItems(
                        b -> b.transactItems(changes)));
                ModelVersion v = RegistryItems.version(targetItem);
                return new ModelVersion(v.name(), v.version(), v.creationTimestamp(), timestamp, v.userId(),
                        ModelStage.PRODUCTION, v.description(), v.source(), v.runId(), v.runLink(), v.status(),
                        v.statusMessage(), v.tags(), v.modelId());
            } catch (TransactionCanceledException concurrentChange) {
                // another stage or alias change won; read again
            }
        }
        throw new StorageFailureException("DynamoDB kept cancelling the rollback of " + name
                + " under concurrent changes; try again");
    }

    private TransactWriteItem stage(String name, int version, ModelStage stage, long timestamp, String condition,
                                    Map<String, String> conditionNames, Map<String, AttributeValue> conditionValues) {
        Map<String, String> names = new HashMap<>(conditionNames);
        names.put("#s", STAGE);
        names.put("#u", UPDATED);
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        values.put(":s", AttributeValue.fromS(stage.name()));
        values.put(":u", Attrs.n(timestamp));
        return writes.update(RegistrySchema.versionKey(name, version), "SET #s = :s, #u = :u", condition, names,
                values);
    }

    private Map<String, AttributeValue> read(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = guard.call("GetItem registry", () -> client.getItem(
                b -> b.tableName(table).key(key).consistentRead(true))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(50, 2L * attempt) + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageFailureException("Interrupted while retrying a rollback", e);
        }
    }
}

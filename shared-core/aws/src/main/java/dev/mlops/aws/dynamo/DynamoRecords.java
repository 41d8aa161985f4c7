package dev.mlops.aws.dynamo;

import dev.mlops.core.recovery.PartEntry;
import dev.mlops.core.recovery.RecordRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Records of the metadata and metric tables as recovery addresses them: which items make up a run, an experiment
 * (with its name claim) or a logged model, and the raw damage the incident simulator does to them.
 */
public final class DynamoRecords {

    private final DynamoDbClient client;
    private final DynamoTables tables;
    private final DynamoGuard guard;

    public DynamoRecords(DynamoDbClient client, DynamoTables tables, DynamoGuard guard) {
        this.client = client;
        this.tables = tables;
        this.guard = guard;
    }

    /** Items of the record in a metadata table part: its partition, and for an experiment its name claim. */
    public static Predicate<PartEntry> entries(RecordRef ref) {
        String pk = partition(ref);
        return entry -> {
            List<String> key = DynamoTablePart.parts(entry.path());
            if (key.get(0).equals(pk)) {
                return true;
            }
            if (ref.kind() == RecordRef.Kind.EXPERIMENT && key.get(0).startsWith("N#") && entry.body() != null) {
                AttributeValue claimedBy = DynamoJson.decode(entry.body()).get(ExperimentItems.CLAIMED_BY);
                return claimedBy != null && ref.id().equals(claimedBy.s());
            }
            return false;
        };
    }

    /** The record whose main item this entry is. */
    public static Optional<RecordRef> recordOf(PartEntry entry) {
        List<String> key = DynamoTablePart.parts(entry.path());
        if (key.size() < 2) {
            return Optional.empty();
        }
        String pk = key.get(0);
        String sk = key.get(1);
        if (pk.startsWith("R#") && sk.equals(MetaSchema.HEADER_SK)) {
            return Optional.of(RecordRef.run(pk.substring(2)));
        }
        if (pk.startsWith("E#") && sk.equals(MetaSchema.EXPERIMENT_SK)) {
            return Optional.of(RecordRef.experiment(pk.substring(2)));
        }
        if (pk.startsWith("L#") && sk.equals(DynamoLoggedModelStore.SK)) {
            return Optional.of(new RecordRef(RecordRef.Kind.LOGGED_MODEL, pk.substring(2)));
        }
        return Optional.empty();
    }

    /** Deletes every item of the record's partition, as a careless hand with the console would. */
    public void delete(RecordRef ref) {
        String table = ref.kind() == RecordRef.Kind.MODEL ? tables.registry() : tables.metadata();
        String pk = partition(ref);
        List<TransactWriteItem> deletes = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = guard.call("Query record", () -> client.query(b -> {
                b.tableName(table).consistentRead(true).keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", MetaSchema.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)));
                if (from != null) {
                    b.exclusiveStartKey(from);
                }
            }));
            page.items().forEach(item -> deletes.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                    .key(Map.of(MetaSchema.PK, item.get(MetaSchema.PK), MetaSchema.SK, item.get(MetaSchema.SK))))
                    .build()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        new Writes(client, table, guard).batched("delete record", deletes);
    }

    /** Sets the append time of the run's live batches back, so they look as if no flush had taken them since. */
    public boolean backdateBuffer(String runId, long millis) {
        boolean any = false;
        for (PartEntryKey batch : liveBatches(runId)) {
            guard.call("UpdateItem batch time", () -> client.updateItem(b -> b.tableName(tables.metrics())
                    .key(Map.of(DynamoTables.METRIC_RUN, AttributeValue.fromS(runId),
                            DynamoTables.METRIC_BATCH, AttributeValue.fromS(batch.sk())))
                    .updateExpression("SET #at = :at").expressionAttributeNames(Map.of("#at",
                            DynamoMetricStore.APPENDED_AT))
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromN(Long.toString(millis))))));
            any = true;
        }
        return any;
    }

    private record PartEntryKey(String sk) {
    }

    private List<PartEntryKey> liveBatches(String runId) {
        List<PartEntryKey> batches = new ArrayList<>();
        QueryResponse page = guard.call("Query batches", () -> client.query(b -> b.tableName(tables.metrics())
                .consistentRead(true).keyConditionExpression("#run = :run")
                .expressionAttributeNames(Map.of("#run", DynamoTables.METRIC_RUN))
                .expressionAttributeValues(Map.of(":run", AttributeValue.fromS(runId)))));
        page.items().stream().filter(i -> i.containsKey(DynamoMetricStore.POINTS))
                .forEach(i -> batches.add(new PartEntryKey(i.get(DynamoTables.METRIC_BATCH).s())));
        return batches;
    }

    private static String partition(RecordRef ref) {
        return switch (ref.kind()) {
            case RUN -> MetaSchema.runPk(ref.id());
            case EXPERIMENT -> MetaSchema.experimentPk(ref.id());
            case LOGGED_MODEL -> "L#" + ref.id();
            case MODEL -> RegistrySchema.modelPk(ref.id());
        };
    }
}

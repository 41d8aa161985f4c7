package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.Run;
import dev.mlops.core.error.StorageFailureException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Reads of run partitions: whole runs (paged Query), several runs in parallel, and single items in batches. */
final class RunReader {

    static final int BATCH_GET_LIMIT = 100;
    private static final int UNPROCESSED_RETRIES = 8;

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;

    RunReader(DynamoDbClient client, String table, DynamoGuard guard) {
        this.client = client;
        this.table = table;
        this.guard = guard;
    }

    Optional<Run> get(String runId, boolean consistent) {
        RunAssembler run = new RunAssembler();
        forEachItem(runId, null, consistent, run::add);
        return run.hasHeader() ? Optional.of(run.build()) : Optional.empty();
    }

    /** Every item of a run's partition whose sort key starts with {@code prefix} (all items when null). */
    void forEachItem(String runId, String prefix, boolean consistent, Consumer<Map<String, AttributeValue>> sink) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS(MetaSchema.runPk(runId)));
        String condition = "#pk = :pk";
        Map<String, String> names = new HashMap<>(Map.of("#pk", MetaSchema.PK));
        if (prefix != null) {
            condition += " AND begins_with(#sk, :prefix)";
            names.put("#sk", MetaSchema.SK);
            values.put(":prefix", AttributeValue.fromS(prefix));
        }
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(consistent)
                    .keyConditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(values);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = guard.call("Query of run " + runId, () -> client.query(request.build()));
            page.items().forEach(sink);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** Whole runs in the order asked for, read in parallel (a search page); ids that name nothing are skipped. */
    List<Run> getAll(List<String> runIds) {
        return Parallel.map(runIds, Parallel.DEFAULT_WIDTH, id -> get(id, false)).stream()
                .flatMap(Optional::stream).toList();
    }

    /**
     * Single items by key, 100 keys per request. Keys DynamoDB leaves unprocessed (throttling, 16 MB answers) are
     * asked for again with backoff; the SDK does not do that for us.
     */
    List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, boolean consistent) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> pending = keys.subList(from, Math.min(keys.size(),
                    from + BATCH_GET_LIMIT));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > UNPROCESSED_RETRIES) {
                    throw new StorageFailureException("DynamoDB left " + pending.size() + " keys unread");
                }
                backoff(attempt);
                KeysAndAttributes request = KeysAndAttributes.builder().keys(pending).consistentRead(consistent)
                        .build();
                BatchGetItemResponse response = guard.call("BatchGetItem",
                        () -> client.batchGetItem(b -> b.requestItems(Map.of(table, request))));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                KeysAndAttributes left = response.unprocessedKeys().get(table);
                pending = left == null ? List.of() : left.keys();
            }
        }
        return items;
    }

    static void backoff(int attempt) {
        if (attempt == 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(1000, 10L << Math.min(attempt, 7)) + (long) (Math.random() * 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageFailureException("Interrupted while retrying a DynamoDB request", e);
        }
    }
}

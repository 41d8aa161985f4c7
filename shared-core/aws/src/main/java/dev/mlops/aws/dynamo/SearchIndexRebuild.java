package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Rebuilds an experiment's run search index from its runs: every run (both stages, listed through the
 * runs-by-experiment index) is read whole and its entries are put; then entries that belong to no run, or that are
 * stale (a point older than the run's latest value, as readers judge them), are deleted. Put before delete, and a
 * delete only of what no writer can still make current, so it is safe beside live writes; a run created while it
 * runs may be missed by the listing (an eventually consistent index) and is indexed by its own writes anyway.
 */
final class SearchIndexRebuild {

    private final HeaderStreams headers;
    private final RunReader reader;
    private final Writes writes;
    private final SearchIndexMover mover;
    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;

    /** @param writes the search table's writes; {@code table} the search table */
    SearchIndexRebuild(HeaderStreams headers, RunReader reader, Writes metadata, Writes writes,
                       DynamoDbClient client, String table, DynamoGuard guard) {
        this.headers = headers;
        this.reader = reader;
        this.writes = writes;
        this.mover = new SearchIndexMover(metadata, writes, reader);
        this.client = client;
        this.table = table;
        this.guard = guard;
    }

    void rebuild(String experimentId) {
        Map<String, Run> runs = new HashMap<>();
        Set<String> partitions = new LinkedHashSet<>(List.of(SearchIndexItems.runListPk(experimentId)));
        List<TransactWriteItem> puts = new ArrayList<>();
        Iterator<Map<String, AttributeValue>> all = headers.byExperiments(List.of(experimentId),
                List.of(LifecycleStage.values()), 1000);
        while (all.hasNext()) {
            String runId = RunItems.info(all.next()).runId();
            reader.get(runId, true).ifPresent(run -> {
                runs.put(runId, run);
                run.latestMetrics().keySet().forEach(k -> partitions.add(SearchIndexItems.metricPk(experimentId, k)));
                if (run.info().lifecycleStage() == LifecycleStage.DELETED) {
                    // the hint says deleted only through the mover's guarded path (a restore may be under way)
                    mover.markDeleted(run.info());
                    return;
                }
                puts.add(writes.put(SearchIndexItems.runListEntry(run.info())));
                for (MetricPoint point : run.latestMetrics().values()) {
                    puts.add(writes.put(SearchIndexItems.metricEntry(experimentId, runId, point,
                            LifecycleStage.ACTIVE)));
                }
            });
        }
        writes.batched("rebuild search index", puts);
        List<TransactWriteItem> deletes = new ArrayList<>();
        for (String partition : partitions) {
            forEachItem(partition, item -> {
                if (!belongs(item, runs)) {
                    deletes.add(writes.delete(Attrs.key(partition, item.get(MetaSchema.SK).s())));
                }
            });
        }
        writes.batched("rebuild search index: remove stale entries", deletes);
    }

    /** Whether an entry may stay: its run exists and it is the run's entry, or it may yet become it (an intent). */
    private static boolean belongs(Map<String, AttributeValue> item, Map<String, Run> runs) {
        String sk = item.get(MetaSchema.SK).s();
        Run run = runs.get(sk.substring(17));
        if (run == null) {
            return false;
        }
        return item.get(MetaSchema.PK).s().startsWith(MetaSchema.RUN_LIST) || !SearchIndexItems.stale(item, run);
    }

    private void forEachItem(String pk, java.util.function.Consumer<Map<String, AttributeValue>> sink) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", MetaSchema.PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = guard.call("Query " + pk, () -> client.query(request.build()));
            page.items().forEach(sink);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }
}

package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.search.MetricOrderedSearch;
import dev.mlops.core.search.MetricOrderedSearch.Entry;
import dev.mlops.core.search.MetricSortKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link MetricOrderedSearch.Index} over the search index items ({@link SearchIndexItems}) of one search. Entries are
 * read with strongly consistent Queries of the base table, lazily, a page at a time (first 100 entries, then
 * doubling), so a search sees every write acknowledged before it and reads about as many entries as it uses.
 * ACTIVE_ONLY searches skip entries whose hint says deleted; candidate runs are read whole and consistently, 8 at a
 * time. Reading them is also when a stale metric entry shows (its point is older than the run's latest value): this
 * search deletes it, on condition that it is unchanged.
 */
final class DynamoRunIndex implements MetricOrderedSearch.Index {

    private static final int FIRST_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;
    private final RunReader reader;
    private final Writes writes;
    /** Metric entries handed out, by run: checked against the run when it is read. */
    private final Map<String, List<Map<String, AttributeValue>>> handedOut = new HashMap<>();

    /** @param table the search table; runs are read from the metadata table through {@code reader} */
    DynamoRunIndex(DynamoDbClient client, String table, DynamoGuard guard, RunReader reader) {
        this.client = client;
        this.table = table;
        this.guard = guard;
        this.reader = reader;
        this.writes = new Writes(client, table, guard);
    }

    @Override
    public Iterator<Entry> metric(String experimentId, String key, long low, long high, boolean descending,
                                  ViewType view) {
        String pk = SearchIndexItems.metricPk(experimentId, key);
        // sort keys are "<16 hex>#<run id>"; '$' follows '#', so this range holds every run at both ends
        return query(pk, MetricSortKey.hex(low), MetricSortKey.hex(high) + "$", descending, view, item -> {
            String sk = item.get(MetaSchema.SK).s();
            String runId = sk.substring(17);
            handedOut.computeIfAbsent(runId, id -> new ArrayList<>()).add(item);
            return new Entry(MetricSortKey.parseHex(sk.substring(0, 16)), runId);
        });
    }

    @Override
    public Iterator<Entry> runs(String experimentId, ViewType view) {
        return query(SearchIndexItems.runListPk(experimentId), null, null, false, view, item -> {
            String sk = item.get(MetaSchema.SK).s();
            return new Entry(MetaSchema.startTimeOf(sk), sk.substring(17));
        });
    }

    @Override
    public Map<String, Run> fetch(List<String> runIds) {
        List<Optional<Run>> runs = Parallel.map(runIds, Parallel.DEFAULT_WIDTH, id -> reader.get(id, true));
        Map<String, Run> found = new HashMap<>();
        for (Optional<Run> run : runs) {
            run.ifPresent(r -> {
                found.put(r.runId(), r);
                removeStale(r);
            });
        }
        return found;
    }

    /** Deletes handed-out entries of this run whose point is older than the run's latest value of that key. */
    private void removeStale(Run run) {
        for (Map<String, AttributeValue> entry : handedOut.getOrDefault(run.runId(), List.of())) {
            if (!SearchIndexItems.stale(entry, run)) {
                continue;
            }
            try {
                writes.atomically("delete a stale search index entry", List.of(writes.delete(
                        Attrs.key(entry.get(MetaSchema.PK).s(), entry.get(MetaSchema.SK).s()), "#o = :o",
                        Map.of("#o", RunItems.ORDER), Map.of(":o", entry.get(RunItems.ORDER)))));
            } catch (ConditionalCheckFailedException rewritten) {
                // someone put this entry again meanwhile; the next reader decides
            }
        }
        handedOut.remove(run.runId());
    }

    /** The items of one partition in sort-key order, optionally within [from, to], read one page at a time. */
    private Iterator<Entry> query(String pk, String from, String to, boolean descending, ViewType view,
                                  Function<Map<String, AttributeValue>, Entry> entry) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", MetaSchema.PK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(pk)));
        String condition = "#pk = :pk";
        if (from != null) {
            condition += " AND #sk BETWEEN :from AND :to";
            names.put("#sk", MetaSchema.SK);
            values.put(":from", AttributeValue.fromS(from));
            values.put(":to", AttributeValue.fromS(to));
        }
        String filter = null;
        if (view == ViewType.ACTIVE_ONLY) {
            filter = "#st <> :deleted";
            names.put("#st", MetaSchema.INDEX_STAGE);
            values.put(":deleted", AttributeValue.fromS(SearchIndexItems.DELETED));
        }
        QueryRequest.Builder base = QueryRequest.builder().tableName(table).keyConditionExpression(condition)
                .filterExpression(filter).expressionAttributeNames(names).expressionAttributeValues(values)
                .consistentRead(true).scanIndexForward(!descending);
        return new Iterator<>() {
            private final Deque<Entry> buffer = new ArrayDeque<>();
            private Map<String, AttributeValue> next;
            private boolean exhausted;
            private int limit = FIRST_PAGE;

            @Override
            public boolean hasNext() {
                while (buffer.isEmpty() && !exhausted) {
                    QueryRequest.Builder request = base.copy().limit(limit);
                    if (next != null) {
                        request.exclusiveStartKey(next);
                    }
                    QueryResponse page = guard.call("Query " + pk, () -> client.query(request.build()));
                    page.items().forEach(item -> buffer.add(entry.apply(item)));
                    next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                            ? page.lastEvaluatedKey() : null;
                    exhausted = next == null;
                    limit = Math.min(MAX_PAGE, limit * 2);
                }
                return !buffer.isEmpty();
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.removeFirst();
            }
        };
    }
}

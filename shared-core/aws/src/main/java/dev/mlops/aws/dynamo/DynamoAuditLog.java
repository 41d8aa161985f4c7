package dev.mlops.aws.dynamo;

import dev.mlops.core.audit.AuditEntry;
import dev.mlops.core.audit.AuditQuery;
import dev.mlops.core.port.AuditLog;
import dev.mlops.core.port.Page;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The audit log in DynamoDB ({@link AuditTable}). An append writes the timeline item and one copy per resource with
 * BatchWriteItem (idempotent: the keys derive from the entry). A search queries the narrowest key the filters give
 * (a resource's partition, else the actor or action index, else the timeline's month partitions newest first),
 * newest first below the page's upper bound, and applies the remaining filters to what it reads. A search reads at
 * most {@link #READ_BUDGET} pages; a sparse match then ends its page early with a token to continue from.
 */
public final class DynamoAuditLog implements AuditLog {

    static final int READ_BUDGET = 20;

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;
    private final Writes writes;
    private final Duration retention;
    private final InstantSource clock;

    public DynamoAuditLog(DynamoDbClient client, String table, Duration retention, InstantSource clock) {
        this.client = client;
        this.table = table;
        // its own breaker: a failing audit table must not open the breaker of the stores users write to
        this.guard = DynamoGuard.standard();
        this.writes = new Writes(client, table, guard);
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void append(List<AuditEntry> entries) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (AuditEntry entry : entries) {
            Map<String, AttributeValue> base = attributes(entry);
            Map<String, AttributeValue> timeline = new HashMap<>(base);
            timeline.put(AuditTable.PK, Attrs.s(timelinePk(entry.timestamp())));
            timeline.put(AuditTable.ACTOR, Attrs.s(entry.actor()));
            timeline.put(AuditTable.ACTION, Attrs.s(entry.action()));
            items.add(writes.put(timeline));
            for (String resource : entry.resources()) {
                Map<String, AttributeValue> copy = new HashMap<>(base);
                copy.put(AuditTable.PK, Attrs.s("R#" + resource));
                copy.put("a", Attrs.s(entry.actor()));
                copy.put("x", Attrs.s(entry.action()));
                items.add(writes.put(copy));
            }
        }
        writes.batched("audit entries", items);
    }

    @Override
    public Page<AuditEntry> search(AuditQuery query) {
        List<AuditEntry> found = new ArrayList<>();
        String upper = query.upperKey();
        String lower = query.after() == null ? null : AuditEntry.timePrefix(query.after());
        Cursor cursor = cursor(query);
        int reads = 0;
        String lastSeen = null;
        while (cursor.hasNext()) {
            if (reads++ == READ_BUDGET) {
                return new Page<>(found, lastSeen);
            }
            QueryResponse response = guard.call("Query audit", () -> client.query(cursor.request(lower, upper)));
            for (Map<String, AttributeValue> item : response.items()) {
                AuditEntry entry = entry(item);
                lastSeen = entry.sortKey();
                if (entry.sortKey().equals(query.olderThan()) || !query.matches(entry)) {
                    continue;
                }
                if (found.size() == query.maxResults()) {
                    return new Page<>(found, found.getLast().sortKey());
                }
                found.add(entry);
            }
            cursor.advance(response.lastEvaluatedKey());
        }
        return new Page<>(found, null);
    }

    /** The partitions a search reads, in newest-first order, and its position in them. */
    private Cursor cursor(AuditQuery query) {
        if (query.resource() != null) {
            return new Cursor(null, AuditTable.PK, List.of("R#" + query.resource()));
        }
        if (query.actor() != null) {
            return new Cursor(AuditTable.BY_ACTOR, AuditTable.ACTOR, List.of(query.actor()));
        }
        if (query.action() != null) {
            return new Cursor(AuditTable.BY_ACTION, AuditTable.ACTION, List.of(query.action()));
        }
        long newest = query.before() == null ? clock.millis() : query.before();
        if (query.olderThan() != null) {
            newest = Math.min(newest, Long.parseLong(query.olderThan().substring(0, 13)));
        }
        long oldest = query.after() != null ? query.after() : clock.millis() - retention.toMillis();
        List<String> months = new ArrayList<>();
        for (YearMonth m = month(newest); !m.isBefore(month(oldest)); m = m.minusMonths(1)) {
            months.add("T#" + m);
        }
        return new Cursor(null, AuditTable.PK, months);
    }

    private final class Cursor {
        private final String index;
        private final String hashAttribute;
        private final List<String> partitions;
        private int partition;
        private Map<String, AttributeValue> startKey;

        Cursor(String index, String hashAttribute, List<String> partitions) {
            this.index = index;
            this.hashAttribute = hashAttribute;
            this.partitions = partitions;
        }

        boolean hasNext() {
            return partition < partitions.size();
        }

        QueryRequest request(String lower, String upper) {
            Map<String, String> names = new HashMap<>(Map.of("#h", hashAttribute));
            if (lower != null || upper != null) {
                names.put("#s", AuditTable.SK);
            }
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":h", Attrs.s(partitions.get(partition))));
            String condition = "#h = :h";
            if (lower != null && upper != null) {
                condition += " AND #s BETWEEN :lo AND :hi";
                values.put(":lo", Attrs.s(lower));
                values.put(":hi", Attrs.s(upper));
            } else if (upper != null) {
                condition += " AND #s < :hi";
                values.put(":hi", Attrs.s(upper));
            } else if (lower != null) {
                condition += " AND #s >= :lo";
                values.put(":lo", Attrs.s(lower));
            }
            QueryRequest.Builder builder = QueryRequest.builder().tableName(table).keyConditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values).scanIndexForward(false)
                    .limit(200);
            if (index != null) {
                builder.indexName(index);
            }
            if (startKey != null) {
                builder.exclusiveStartKey(startKey);
            }
            return builder.build();
        }

        void advance(Map<String, AttributeValue> lastEvaluated) {
            if (lastEvaluated == null || lastEvaluated.isEmpty()) {
                partition++;
                startKey = null;
            } else {
                startKey = lastEvaluated;
            }
        }
    }

    private Map<String, AttributeValue> attributes(AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(AuditTable.SK, Attrs.s(entry.sortKey()));
        item.put(AuditTable.ENTRY_ID, Attrs.s(entry.id()));
        item.put(AuditTable.TIMESTAMP, Attrs.n(entry.timestamp()));
        item.put(AuditTable.RESOURCES, AttributeValue.fromL(entry.resources().stream().map(Attrs::s).toList()));
        item.put(AuditTable.OUTCOME, Attrs.s(entry.outcome()));
        item.put(AuditTable.REQUEST_ID, Attrs.s(entry.requestId()));
        item.put(AuditTable.EXPIRES, Attrs.n((entry.timestamp() + retention.toMillis()) / 1000));
        return item;
    }

    private static AuditEntry entry(Map<String, AttributeValue> item) {
        String actor = item.containsKey(AuditTable.ACTOR) ? Attrs.string(item, AuditTable.ACTOR)
                : Attrs.string(item, "a");
        String action = item.containsKey(AuditTable.ACTION) ? Attrs.string(item, AuditTable.ACTION)
                : Attrs.string(item, "x");
        List<String> resources = item.getOrDefault(AuditTable.RESOURCES, AttributeValue.fromL(List.of())).l()
                .stream().map(AttributeValue::s).toList();
        return new AuditEntry(Attrs.string(item, AuditTable.ENTRY_ID), Attrs.number(item, AuditTable.TIMESTAMP, 0),
                actor, action, resources, Attrs.string(item, AuditTable.OUTCOME),
                Attrs.string(item, AuditTable.REQUEST_ID));
    }

    private static String timelinePk(long millis) {
        return "T#" + month(millis);
    }

    private static YearMonth month(long millis) {
        return YearMonth.from(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
    }
}

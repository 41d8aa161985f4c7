package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.RunStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Run headers in index order ({@link MetaSchema#R_ORDER}: newest first, then run id), read lazily one Query page
 * (Limit, ExclusiveStartKey) at a time, so a search that stops early reads only what it used. Several index
 * partitions (experiments x stages x statuses) merge into one stream in the same order.
 */
final class HeaderStreams {

    private static final Comparator<Map<String, AttributeValue>> INDEX_ORDER =
            Comparator.comparing(item -> item.get(MetaSchema.R_ORDER).s());

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;

    HeaderStreams(DynamoDbClient client, String table, DynamoGuard guard) {
        this.client = client;
        this.table = table;
        this.guard = guard;
    }

    Iterator<Map<String, AttributeValue>> byExperiments(List<String> experimentIds, List<LifecycleStage> stages,
                                                        int pageSize) {
        List<Iterator<Map<String, AttributeValue>>> streams = new ArrayList<>();
        for (String experimentId : experimentIds) {
            for (LifecycleStage stage : stages) {
                streams.add(partition(MetaSchema.RUNS_INDEX, MetaSchema.R_EXPERIMENT,
                        MetaSchema.runsPartition(experimentId, stage), pageSize));
            }
        }
        return merge(streams);
    }

    Iterator<Map<String, AttributeValue>> byStatus(List<String> experimentIds, List<LifecycleStage> stages,
                                                   Iterable<RunStatus> statuses, int pageSize) {
        List<Iterator<Map<String, AttributeValue>>> streams = new ArrayList<>();
        for (String experimentId : experimentIds) {
            for (LifecycleStage stage : stages) {
                for (RunStatus status : statuses) {
                    streams.add(partition(MetaSchema.STATUS_INDEX, MetaSchema.R_STATUS,
                            MetaSchema.statusPartition(experimentId, stage, status), pageSize));
                }
            }
        }
        return merge(streams);
    }

    /** Child runs in any experiment and stage; the search checks both on each header. */
    Iterator<Map<String, AttributeValue>> byParent(String parentRunId, int pageSize) {
        return partition(MetaSchema.PARENT_INDEX, MetaSchema.R_PARENT, parentRunId, pageSize);
    }

    /** Headers fetched by run id (a filter naming run ids), put into index order. */
    static Iterator<Map<String, AttributeValue>> sorted(List<Map<String, AttributeValue>> headers) {
        List<Map<String, AttributeValue>> ordered = new ArrayList<>(headers);
        ordered.sort(INDEX_ORDER);
        return ordered.iterator();
    }

    private Iterator<Map<String, AttributeValue>> partition(String index, String keyName, String keyValue,
                                                           int pageSize) {
        return new Iterator<>() {
            private final Deque<Map<String, AttributeValue>> buffer = new ArrayDeque<>();
            private Map<String, AttributeValue> next;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                while (buffer.isEmpty() && !exhausted) {
                    QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(index)
                            .keyConditionExpression("#k = :k").limit(pageSize)
                            .expressionAttributeNames(Map.of("#k", keyName))
                            .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(keyValue)));
                    if (next != null) {
                        request.exclusiveStartKey(next);
                    }
                    QueryResponse page = guard.call("Query " + index, () -> client.query(request.build()));
                    buffer.addAll(page.items());
                    next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                            ? page.lastEvaluatedKey() : null;
                    exhausted = next == null;
                }
                return !buffer.isEmpty();
            }

            @Override
            public Map<String, AttributeValue> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.removeFirst();
            }
        };
    }

    /** K-way merge of streams that are each in index order. */
    private static Iterator<Map<String, AttributeValue>> merge(List<Iterator<Map<String, AttributeValue>>> streams) {
        if (streams.size() == 1) {
            return streams.get(0);
        }
        record Head(Map<String, AttributeValue> item, Iterator<Map<String, AttributeValue>> rest) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::item, INDEX_ORDER));
        return new Iterator<>() {
            private boolean started;

            @Override
            public boolean hasNext() {
                if (!started) {
                    started = true;
                    for (Iterator<Map<String, AttributeValue>> stream : streams) {
                        if (stream.hasNext()) {
                            heads.add(new Head(stream.next(), stream));
                        }
                    }
                }
                return !heads.isEmpty();
            }

            @Override
            public Map<String, AttributeValue> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Head head = heads.poll();
                if (head.rest().hasNext()) {
                    heads.add(new Head(head.rest().next(), head.rest()));
                }
                return head.item();
            }
        };
    }
}

package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.VersionQuery;
import dev.mlops.core.search.Comparator;
import dev.mlops.core.search.Comparison;
import dev.mlops.core.search.EntityType;
import dev.mlops.core.search.Literal;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.search.RegistryMatcher;
import dev.mlops.core.search.RegistryOrdering;
import dev.mlops.core.search.SearchFilter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Registry searches. A filter naming models by {@code name = } or {@code name IN} reads only those models'
 * partitions; any other filter reads the search index's shards in parallel (eventually consistent, half the read
 * units of a strong read) and evaluates every clause with RegistryMatcher. All matches are sorted with
 * RegistryOrdering and cut into a page with MLflow-style offset tokens, so page N re-reads what page 1 read: the
 * price of orders (last_updated_timestamp, tags) that no index can serve. Read units are measured in
 * DynamoRegistryCapacityTest and listed in docs/dynamodb-design.md.
 */
final class RegistrySearch {

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;

    RegistrySearch(DynamoDbClient client, String table, DynamoGuard guard) {
        this.client = client;
        this.table = table;
        this.guard = guard;
    }

    Page<RegisteredModel> models(ModelQuery query) {
        java.util.Comparator<RegisteredModel> order = RegistryOrdering.models(query.orderBy());
        PageToken.decode(query.pageToken());
        List<RegisteredModel> matching = new ArrayList<>();
        Consumer<Map<String, AttributeValue>> keep = item -> {
            RegisteredModel model = RegistryItems.model(item);
            if (RegistryMatcher.matches(query.filter(), model)) {
                matching.add(model);
            }
        };
        Set<String> names = names(query.filter());
        if (names != null) {
            for (String name : names) {
                Map<String, AttributeValue> item = guard.call("GetItem model", () -> client.getItem(b -> b
                        .tableName(table).key(RegistrySchema.modelKey(name)))).item();
                if (item != null && !item.isEmpty()) {
                    keep.accept(item);
                }
            }
        } else {
            shards("M#").forEach(shard -> shard.forEach(keep));
        }
        matching.sort(order);
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    Page<ModelVersion> versions(VersionQuery query) {
        java.util.Comparator<ModelVersion> order = RegistryOrdering.versions(query.orderBy());
        PageToken.decode(query.pageToken());
        List<ModelVersion> matching = new ArrayList<>();
        Consumer<Map<String, AttributeValue>> keep = item -> {
            ModelVersion version = RegistryItems.version(item);
            if (RegistryMatcher.matches(query.filter(), version)) {
                matching.add(version);
            }
        };
        Set<String> names = names(query.filter());
        if (names != null) {
            for (String name : names) {
                forEachInPartition(name, RegistrySchema.VERSION, false, keep);
            }
        } else {
            shards(RegistrySchema.VERSION).forEach(shard -> shard.forEach(keep));
        }
        matching.sort(order);
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    /** Every item of one model's partition whose sort key starts with {@code prefix}, in key order. */
    void forEachInPartition(String name, String prefix, boolean consistent,
                            Consumer<Map<String, AttributeValue>> sink) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(consistent);
        if (prefix.isEmpty()) {
            request.keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", RegistrySchema.PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(RegistrySchema.modelPk(name))));
        } else {
            request.keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", RegistrySchema.PK, "#sk", RegistrySchema.SK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(RegistrySchema.modelPk(name)),
                            ":prefix", AttributeValue.fromS(prefix)));
        }
        query(request, "Query model " + name, sink);
    }

    /** The search index's shards of one kind ("M#" or "V#"), read in parallel. */
    private List<List<Map<String, AttributeValue>>> shards(String kind) {
        return Parallel.map(IntStream.range(0, RegistrySchema.SHARDS).boxed().toList(), RegistrySchema.SHARDS,
                shard -> {
                    List<Map<String, AttributeValue>> items = new ArrayList<>();
                    query(QueryRequest.builder().tableName(table).indexName(RegistrySchema.SEARCH_INDEX)
                            .keyConditionExpression("#gs = :gs")
                            .expressionAttributeNames(Map.of("#gs", RegistrySchema.SEARCH_PK))
                            .expressionAttributeValues(Map.of(":gs", AttributeValue.fromS(kind + shard))),
                            "Query registry index", items::add);
                    return items;
                });
    }

    private void query(QueryRequest.Builder request, String what, Consumer<Map<String, AttributeValue>> sink) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest page = request.exclusiveStartKey(start).build();
            QueryResponse response = guard.call(what, () -> client.query(page));
            response.items().forEach(sink);
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** The model names an {@code name = 'x'} or {@code name IN (...)} clause restricts the search to, or null. */
    private static Set<String> names(SearchFilter filter) {
        for (Comparison clause : filter.clauses()) {
            if (clause.type() != EntityType.ATTRIBUTE || !clause.key().equals("name")) {
                continue;
            }
            if (clause.comparator() == Comparator.EQ && clause.value() instanceof Literal.Text(String name)) {
                return Set.of(name);
            }
            if (clause.comparator() == Comparator.IN && clause.value() instanceof Literal.TextList(List<String> in)) {
                return new LinkedHashSet<>(in);
            }
        }
        return null;
    }
}

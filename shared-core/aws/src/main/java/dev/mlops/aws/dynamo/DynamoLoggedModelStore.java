package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.LoggedModelStatus;
import dev.mlops.core.domain.ModelMetric;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.LoggedModelQuery;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.Page;
import dev.mlops.core.search.LoggedModelMatcher;
import dev.mlops.core.search.LoggedModelOrdering;
import dev.mlops.core.search.PageToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Logged models in the metadata table, one item each: {@code pk = L#<model id>}, {@code sk = L}, tags and params as
 * map attributes. No new table and no new index: an active model carries the keys of the existing sparse
 * {@code experiments-by-stage} index under its own partition value, {@code xs = L#<experiment id>} (experiments use
 * {@code active}/{@code deleted}, which never start with {@code L#}), with {@code xo} ordering newest first. So a
 * deployment made by an earlier version needs no migration, and a deleted model drops out of the index.
 *
 * <p>Every change is optimistic: read consistently, apply, put on condition that the item's version {@code v} is
 * still the one read; a lost race re-reads and re-applies. One item per model bounds a model's tags and params to
 * DynamoDB's 400 KB item size (MLflow's limits allow more only with hundreds of maximal param values).
 */
public final class DynamoLoggedModelStore implements LoggedModelStore {

    static final String SK = "L";
    /** Partition key prefix of logged models in the metadata table (the stack narrows the registry's writes to it). */
    public static final String PREFIX = "L#";
    private static final int ATTEMPTS = 40;

    private static final String ID = "id";
    private static final String EXPERIMENT = "exp";
    private static final String NAME = "name";
    private static final String LOCATION = "loc";
    private static final String CREATED = "ctime";
    private static final String UPDATED = "mtime";
    private static final String TYPE = "mtype";
    private static final String RUN = "run";
    private static final String STATUS = "status";
    private static final String MESSAGE = "smsg";
    private static final String STAGE = "stage";
    private static final String TAGS = "tags";
    private static final String PARAMS = "params";
    private static final String VERSION = "v";
    /** Metrics runs logged against the model: a list of maps (value as text, so NaN and infinities survive). */
    private static final String METRICS = "metrics";

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;

    public DynamoLoggedModelStore(DynamoDbClient client, DynamoTables tables, DynamoGuard guard) {
        this.client = client;
        this.table = tables.metadata();
        this.guard = guard;
    }

    @Override
    public boolean insert(LoggedModel model) {
        try {
            guard.call("PutItem logged model", () -> client.putItem(b -> b.tableName(table).item(item(model, 1))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", MetaSchema.PK))));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<LoggedModel> get(String modelId) {
        return read(modelId).map(DynamoLoggedModelStore::model);
    }

    @Override
    public LoggedModel update(String modelId, UnaryOperator<LoggedModel> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            RunReader.backoff(Math.min(attempt, 6));
            Map<String, AttributeValue> current = read(modelId).orElseThrow(() -> new ResourceNotFoundException(
                    "Logged model with ID '" + modelId + "' not found."));
            LoggedModel before = model(current);
            LoggedModel after = change.apply(before);
            if (!after.modelId().equals(modelId) || !after.experimentId().equals(before.experimentId())) {
                throw new IllegalArgumentException("An update must keep the model and experiment ids");
            }
            long version = Attrs.number(current, VERSION, 0);
            try {
                guard.call("PutItem logged model", () -> client.putItem(b -> b.tableName(table)
                        .item(item(after, version + 1))
                        .conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", VERSION))
                        .expressionAttributeValues(Map.of(":v", Attrs.n(version)))));
                return after;
            } catch (ConditionalCheckFailedException changedMeanwhile) {
                // another writer got in between: read again and re-apply
            }
        }
        throw new StorageFailureException("Logged model " + modelId
                + " kept changing under concurrent updates; try again");
    }

    @Override
    public Page<LoggedModel> search(LoggedModelQuery query) {
        List<LoggedModel> matching = new ArrayList<>();
        for (String experimentId : query.experimentIds()) {
            forEachActive(experimentId, model -> {
                if (LoggedModelMatcher.matches(query.filter(), query.datasets(), model)) {
                    matching.add(model);
                }
            });
        }
        matching.sort(LoggedModelOrdering.comparator(query.orderBy()));
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    // ---- items

    private Optional<Map<String, AttributeValue>> read(String modelId) {
        Map<String, AttributeValue> item = guard.call("GetItem logged model", () -> client.getItem(
                b -> b.tableName(table).key(Attrs.key(PREFIX + modelId, SK)).consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private void forEachActive(String experimentId, java.util.function.Consumer<LoggedModel> sink) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                    .indexName(MetaSchema.EXPERIMENTS_INDEX)
                    .keyConditionExpression("#xs = :exp")
                    .expressionAttributeNames(Map.of("#xs", MetaSchema.X_STAGE))
                    .expressionAttributeValues(Map.of(":exp", AttributeValue.fromS(PREFIX + experimentId)));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = guard.call("Query logged models", () -> client.query(request.build()));
            page.items().forEach(item -> sink.accept(model(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    static Map<String, AttributeValue> item(LoggedModel model, long version) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(PREFIX + model.modelId(), SK));
        item.put(ID, Attrs.s(model.modelId()));
        item.put(EXPERIMENT, Attrs.s(model.experimentId()));
        item.put(NAME, Attrs.s(model.name()));
        item.put(LOCATION, Attrs.s(model.artifactLocation()));
        item.put(CREATED, Attrs.n(model.creationTimestamp()));
        item.put(UPDATED, Attrs.n(model.lastUpdatedTimestamp()));
        item.put(TYPE, Attrs.s(model.modelType()));
        item.put(RUN, Attrs.s(model.sourceRunId()));
        item.put(STATUS, Attrs.s(model.status().name()));
        item.put(MESSAGE, Attrs.s(model.statusMessage()));
        item.put(STAGE, Attrs.s(model.lifecycleStage().name()));
        item.put(TAGS, strings(model.tags()));
        item.put(PARAMS, strings(model.params()));
        item.put(VERSION, Attrs.n(version));
        if (!model.metrics().isEmpty()) {
            item.put(METRICS, AttributeValue.fromL(model.metrics().stream().map(DynamoLoggedModelStore::metric)
                    .toList()));
        }
        if (model.lifecycleStage() == LifecycleStage.ACTIVE) {
            item.put(MetaSchema.X_STAGE, AttributeValue.fromS(PREFIX + model.experimentId()));
            item.put(MetaSchema.X_ORDER, AttributeValue.fromS(
                    MetaSchema.runOrder(model.creationTimestamp(), model.modelId())));
        }
        return item;
    }

    static LoggedModel model(Map<String, AttributeValue> item) {
        return new LoggedModel(Attrs.string(item, ID), Attrs.string(item, EXPERIMENT), Attrs.string(item, NAME),
                Attrs.string(item, LOCATION), Attrs.number(item, CREATED, 0), Attrs.number(item, UPDATED, 0),
                Attrs.string(item, TYPE), Attrs.string(item, RUN),
                LoggedModelStatus.valueOf(Attrs.string(item, STATUS)), Attrs.string(item, MESSAGE),
                LifecycleStage.valueOf(Attrs.string(item, STAGE)), strings(item.get(TAGS)),
                strings(item.get(PARAMS)), metrics(item.get(METRICS)));
    }

    private static AttributeValue metric(ModelMetric m) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("k", Attrs.s(m.key()));
        map.put("v", Attrs.s(Double.toString(m.value())));
        map.put("t", Attrs.n(m.timestamp()));
        map.put("s", Attrs.n(m.step()));
        putIfPresent(map, "run", m.runId());
        putIfPresent(map, "dn", m.datasetName());
        putIfPresent(map, "dd", m.datasetDigest());
        return AttributeValue.fromM(map);
    }

    private static List<ModelMetric> metrics(AttributeValue value) {
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().map(AttributeValue::m).map(m -> new ModelMetric(Attrs.string(m, "k"),
                Double.parseDouble(Attrs.string(m, "v")), Attrs.number(m, "t", 0), Attrs.number(m, "s", 0),
                Attrs.string(m, "run"), Attrs.string(m, "dn"), Attrs.string(m, "dd"))).toList();
    }

    private static void putIfPresent(Map<String, AttributeValue> map, String name, String value) {
        if (value != null) {
            map.put(name, Attrs.s(value));
        }
    }

    private static AttributeValue strings(Map<String, String> map) {
        Map<String, AttributeValue> values = new HashMap<>();
        map.forEach((k, v) -> values.put(k, AttributeValue.fromS(v)));
        return AttributeValue.fromM(values);
    }

    private static Map<String, String> strings(AttributeValue value) {
        Map<String, String> map = new HashMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((k, v) -> map.put(k, v.s()));
        }
        return map;
    }
}

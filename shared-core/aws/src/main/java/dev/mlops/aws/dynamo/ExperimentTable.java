package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.search.ExperimentMatcher;
import dev.mlops.core.search.ExperimentOrdering;
import dev.mlops.core.search.PageToken;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Experiments and their unique names. Creating claims the name first with a conditional put of {@code N#<name>}
 * (the one write that decides who wins a race), then writes the experiment; a claim whose experiment is missing was
 * left by an interrupted create, and whoever meets it writes the experiment from the copy in the claim. A rename
 * moves the claim and rewrites the experiment in one transaction. Ids come from an atomic counter (UpdateItem ADD).
 */
final class ExperimentTable {

    private static final int ATTEMPTS = 5;
    private static final String NOT_EXISTS = "attribute_not_exists(#pk)";
    private static final Map<String, String> PK_NAME = Map.of("#pk", MetaSchema.PK);

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;
    private final String artifactRootUri;
    private final InstantSource clock;
    private volatile boolean defaultPresent;

    ExperimentTable(DynamoDbClient client, String table, DynamoGuard guard, String artifactRootUri,
                    InstantSource clock) {
        this.client = client;
        this.table = table;
        this.guard = guard;
        this.artifactRootUri = artifactRootUri;
        this.clock = clock;
    }

    /** MLflow expects experiment "0" named Default; it is created on first use by whichever process comes first. */
    void ensureDefault() {
        if (defaultPresent) {
            return;
        }
        if (get(Experiment.DEFAULT_ID).isEmpty()) {
            long now = clock.millis();
            try {
                claimAndPut(new Experiment(Experiment.DEFAULT_ID, Experiment.DEFAULT_NAME,
                        location(Experiment.DEFAULT_ID), LifecycleStage.ACTIVE, now, now, Map.of()));
            } catch (ResourceAlreadyExistsException createdMeanwhile) {
                // another process won the race, and the claim's roll-forward wrote the experiment
            }
        }
        defaultPresent = true;
    }

    Experiment create(NewExperiment request) {
        String id = Long.toString(nextId());
        String location = request.artifactLocation() == null ? location(id) : request.artifactLocation();
        Experiment experiment = new Experiment(id, request.name(), location, LifecycleStage.ACTIVE,
                request.creationTime(), request.creationTime(), request.tags());
        claimAndPut(experiment);
        return experiment;
    }

    Optional<Experiment> get(String experimentId) {
        Map<String, AttributeValue> item = guard.call("GetItem experiment " + experimentId, () -> client.getItem(
                b -> b.tableName(table).key(ExperimentItems.key(experimentId)).consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ExperimentItems.experiment(item));
    }

    Optional<Experiment> getByName(String name) {
        Map<String, AttributeValue> claim = claim(name);
        if (claim == null) {
            return Optional.empty();
        }
        Optional<Experiment> experiment = get(Attrs.string(claim, ExperimentItems.CLAIMED_BY));
        if (experiment.isEmpty()) {
            return Optional.of(finishCreate(claim));
        }
        return experiment.filter(e -> e.name().equals(name));
    }

    Experiment update(Experiment experiment) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            RunReader.backoff(attempt);
            Experiment current = get(experiment.experimentId()).orElseThrow(() -> new ResourceNotFoundException(
                    "No Experiment with id=" + experiment.experimentId() + " exists"));
            boolean written = current.name().equals(experiment.name())
                    ? replace(experiment, current.name())
                    : rename(experiment, current.name());
            if (written) {
                return experiment;
            }
        }
        throw new StorageFailureException("Experiment " + experiment.experimentId()
                + " kept changing under concurrent updates; try again");
    }

    Page<Experiment> search(ExperimentQuery query) {
        List<Experiment> matching = new ArrayList<>();
        for (LifecycleStage stage : LifecycleStage.values()) {
            if (query.viewType().includes(stage)) {
                forEachInStage(stage, e -> {
                    if (ExperimentMatcher.matches(query.filter(), e)) {
                        matching.add(e);
                    }
                });
            }
        }
        matching.sort(ExperimentOrdering.comparator(query.orderBy()));
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    // ---- writes

    private void claimAndPut(Experiment experiment) {
        try {
            guard.call("PutItem name claim", () -> client.putItem(b -> b.tableName(table)
                    .item(ExperimentItems.claim(experiment)).conditionExpression(NOT_EXISTS)
                    .expressionAttributeNames(PK_NAME)));
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> holder = claim(experiment.name());
            if (holder != null && get(Attrs.string(holder, ExperimentItems.CLAIMED_BY)).isEmpty()) {
                finishCreate(holder);
            }
            throw new ResourceAlreadyExistsException("Experiment '" + experiment.name() + "' already exists.");
        }
        putIfAbsent(experiment);
    }

    private Experiment finishCreate(Map<String, AttributeValue> claim) {
        Experiment snapshot = ExperimentItems.snapshot(claim);
        putIfAbsent(snapshot);
        return get(snapshot.experimentId()).orElse(snapshot);
    }

    /** The id is fresh, so only a roll-forward of the same claim can have written it first: same content. */
    private void putIfAbsent(Experiment experiment) {
        try {
            guard.call("PutItem experiment", () -> client.putItem(b -> b.tableName(table)
                    .item(ExperimentItems.item(experiment)).conditionExpression(NOT_EXISTS)
                    .expressionAttributeNames(PK_NAME)));
        } catch (ConditionalCheckFailedException alreadyWritten) {
            // written by a roll-forward
        }
    }

    private boolean replace(Experiment experiment, String currentName) {
        try {
            guard.call("PutItem experiment", () -> client.putItem(b -> b.tableName(table)
                    .item(ExperimentItems.item(experiment))
                    .conditionExpression("attribute_exists(#pk) AND #name = :name")
                    .expressionAttributeNames(Map.of("#pk", MetaSchema.PK, "#name", ExperimentItems.NAME))
                    .expressionAttributeValues(Map.of(":name", AttributeValue.fromS(currentName)))));
            return true;
        } catch (ConditionalCheckFailedException renamedMeanwhile) {
            return false;
        }
    }

    /** Claims the new name, frees the old one and rewrites the experiment, all or nothing. */
    private boolean rename(Experiment experiment, String oldName) {
        String id = experiment.experimentId();
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(ExperimentItems.claim(experiment))
                        .conditionExpression(NOT_EXISTS).expressionAttributeNames(PK_NAME)).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(ExperimentItems.claimKey(oldName))
                        .conditionExpression("#eid = :id")
                        .expressionAttributeNames(Map.of("#eid", ExperimentItems.CLAIMED_BY))
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id)))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(ExperimentItems.item(experiment))
                        .conditionExpression("#name = :old")
                        .expressionAttributeNames(Map.of("#name", ExperimentItems.NAME))
                        .expressionAttributeValues(Map.of(":old", AttributeValue.fromS(oldName)))).build());
        try {
            guard.call("TransactWriteItems rename", () -> client.transactWriteItems(b -> b.transactItems(writes)));
            return true;
        } catch (TransactionCanceledException cancelled) {
            if ("ConditionalCheckFailed".equals(cancelled.cancellationReasons().get(0).code())) {
                throw new ResourceAlreadyExistsException("Experiment '" + experiment.name() + "' already exists.");
            }
            return false;
        }
    }

    private long nextId() {
        Map<String, AttributeValue> updated = guard.call("UpdateItem experiment counter", () -> client.updateItem(
                b -> b.tableName(table).key(Attrs.key(MetaSchema.COUNTER_PK, MetaSchema.COUNTER_SK))
                        .updateExpression("ADD #n :one")
                        .expressionAttributeNames(Map.of("#n", "n"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                        .returnValues(ReturnValue.UPDATED_NEW))).attributes();
        return Long.parseLong(updated.get("n").n());
    }

    // ---- reads

    private Map<String, AttributeValue> claim(String name) {
        Map<String, AttributeValue> item = guard.call("GetItem name claim", () -> client.getItem(
                b -> b.tableName(table).key(ExperimentItems.claimKey(name)).consistentRead(true))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private void forEachInStage(LifecycleStage stage, java.util.function.Consumer<Experiment> sink) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                    .indexName(MetaSchema.EXPERIMENTS_INDEX)
                    .keyConditionExpression("#xs = :stage")
                    .expressionAttributeNames(Map.of("#xs", MetaSchema.X_STAGE))
                    .expressionAttributeValues(Map.of(":stage", AttributeValue.fromS(stage.wire())));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = guard.call("Query experiments", () -> client.query(request.build()));
            page.items().forEach(item -> sink.accept(ExperimentItems.experiment(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private String location(String experimentId) {
        return artifactRootUri + "/" + experimentId;
    }
}

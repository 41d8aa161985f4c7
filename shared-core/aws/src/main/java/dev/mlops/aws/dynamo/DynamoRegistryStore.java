package dev.mlops.aws.dynamo;

import static dev.mlops.aws.dynamo.RegistrySchema.ALIASES;
import static dev.mlops.aws.dynamo.RegistrySchema.DESCRIPTION;
import static dev.mlops.aws.dynamo.RegistrySchema.LIVE;
import static dev.mlops.aws.dynamo.RegistrySchema.NEXT_VERSION;
import static dev.mlops.aws.dynamo.RegistrySchema.PK;
import static dev.mlops.aws.dynamo.RegistrySchema.REV;
import static dev.mlops.aws.dynamo.RegistrySchema.STAGE;
import static dev.mlops.aws.dynamo.RegistrySchema.STATUS;
import static dev.mlops.aws.dynamo.RegistrySchema.STATUS_MESSAGE;
import static dev.mlops.aws.dynamo.RegistrySchema.TAGS;
import static dev.mlops.aws.dynamo.RegistrySchema.UNTIL;
import static dev.mlops.aws.dynamo.RegistrySchema.UPDATED;
import static dev.mlops.aws.dynamo.RegistrySchema.VERSION_NUMBER;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.error.LimitExceededException;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.port.VersionQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link RegistryStore} on one DynamoDB table (layout in {@link RegistrySchema}). Nothing is locked: every
 * multi-item change is one TransactWriteItems conditioned on what was read, and retried from a fresh read when a
 * concurrent change cancels it.
 * <ul>
 * <li>Version numbers: the transaction that puts version n+1 also moves the model's counter from n to n+1, so a
 * cancelled attempt allocates nothing and N concurrent creates yield exactly 1..N.</li>
 * <li>Aliases and stages: every change bumps the model's revision, and changes that read other versions' state
 * (archive_existing, delete-version's alias cleanup) are conditioned on the revision they read.</li>
 * <li>Rename and delete move or drop the whole partition. A rename is one transaction, so a model with its versions
 * and idempotency records must fit DynamoDB's 100 actions (2 per version: put under the new name, delete under the
 * old one; at most 49 versions); larger models are refused with RESOURCE_LIMIT_EXCEEDED. A delete of a larger model
 * removes the versions in batches first and the model item last, conditioned on no version having been added.</li>
 * </ul>
 * Point reads are strongly consistent; searches are eventually consistent (see {@link RegistrySearch}).
 */
public final class DynamoRegistryStore implements RegistryStore {

    private static final int ATTEMPTS = 400;
    private static final String EXISTS = "attribute_exists(#pk)";
    private static final String ABSENT = "attribute_not_exists(#pk)";
    private static final String CONFLICT = "ConditionalCheckFailed";

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;
    private final Writes writes;
    private final RegistrySearch search;
    private final RegistryRollback rollback;

    public DynamoRegistryStore(DynamoDbClient client, DynamoTables tables, DynamoGuard guard) {
        this.client = client;
        this.table = tables.registry();
        this.guard = guard;
        this.writes = new Writes(client, table, guard);
        this.search = new RegistrySearch(client, table, guard);
        this.rollback = new RegistryRollback(client, table, guard, writes);
    }

    // ---- models

    @Override
    public RegisteredModel createModel(RegisteredModel model) {
        try {
            guard.call("PutItem model", () -> client.putItem(b -> b.tableName(table)
                    .item(RegistryItems.model(model, 0, 0, Map.of()))
                    .conditionExpression(ABSENT).expressionAttributeNames(Map.of("#pk", PK))));
        } catch (ConditionalCheckFailedException taken) {
            throw alreadyExists(model.name());
        }
        return model;
    }

    @Override
    public Optional<RegisteredModel> getModel(String name) {
        return modelItem(name).map(RegistryItems::model);
    }

    @Override
    public RegisteredModel renameModel(String name, String newName, long timestamp) {
        if (name.equals(newName)) {
            partition(name);
            throw alreadyExists(newName);
        }
        return retrying("rename model " + name, () -> {
            Partition partition = partition(name);
            RegisteredModel old = RegistryItems.model(partition.model());
            RegisteredModel renamed = new RegisteredModel(newName, old.creationTimestamp(), timestamp,
                    old.description(), old.tags(), old.aliases());
            List<TransactWriteItem> moves = new ArrayList<>();
            moves.add(writes.put(RegistryItems.model(renamed, RegistryItems.nextVersion(partition.model()),
                    RegistryItems.rev(partition.model()) + 1, RegistryItems.live(partition.model())), ABSENT,
                    Map.of("#pk", PK), Map.of()));
            moves.add(unchanged(writes.delete(RegistrySchema.modelKey(name)), partition.model()));
            for (Map<String, AttributeValue> item : partition.versions()) {
                ModelVersion v = RegistryItems.version(item);
                moves.add(writes.put(RegistryItems.version(new ModelVersion(newName, v.version(),
                        v.creationTimestamp(), timestamp, v.userId(), v.stage(), v.description(), v.source(),
                        v.runId(), v.runLink(), v.status(), v.statusMessage(), v.tags(), v.modelId()))));
                moves.add(writes.delete(RegistrySchema.versionKey(name, v.version())));
            }
            // a retried create under the old name must not find these, and they name nothing under the new one
            partition.others().forEach(item -> moves.add(writes.delete(key(item))));
            if (moves.size() > Writes.TRANSACTION_LIMIT) {
                throw new LimitExceededException("Registered Model (name=" + name + ") has "
                        + partition.versions().size() + " versions; renaming moves them in one DynamoDB "
                        + "transaction, which holds at most " + (Writes.TRANSACTION_LIMIT - 2) / 2 + " versions");
            }
            try {
                guard.call("TransactWriteItems rename model", () -> client.transactWriteItems(
                        b -> b.transactItems(moves)));
                return renamed;
            } catch (TransactionCanceledException cancelled) {
                if (failed(cancelled, 0)) {
                    throw alreadyExists(newName);
                }
                return null;
            }
        });
    }

    @Override
    public RegisteredModel updateModelDescription(String name, String description, long timestamp) {
        Map<String, AttributeValue> updated = updateModel(name, "SET #d = :d, #u = :u",
                Map.of("#d", DESCRIPTION, "#u", UPDATED), Map.of(":d", Attrs.s(description), ":u", Attrs.n(timestamp)));
        return RegistryItems.model(updated);
    }

    @Override
    public void deleteModel(String name) {
        retrying("delete model " + name, () -> {
            Partition partition = partition(name);
            List<TransactWriteItem> deletes = new ArrayList<>();
            partition.versions().forEach(item -> deletes.add(writes.delete(key(item))));
            partition.others().forEach(item -> deletes.add(writes.delete(key(item))));
            TransactWriteItem model = unchanged(writes.delete(RegistrySchema.modelKey(name)), partition.model());
            try {
                if (deletes.size() < Writes.TRANSACTION_LIMIT) {
                    deletes.add(model);
                    writes.atomically("delete model", deletes);
                } else {
                    // too many for one transaction: versions first, so a half-done delete never leaves versions
                    // without their model; the model item goes last, only if nothing was added meanwhile
                    writes.batched("delete model versions", deletes);
                    writes.atomically("delete model", List.of(model));
                }
                return Boolean.TRUE;
            } catch (ConditionalCheckFailedException | TransactionCanceledException changedMeanwhile) {
                return null;
            }
        });
    }

    @Override
    public void setModelTag(String name, String key, String value, long timestamp) {
        updateModel(name, "SET #t.#k = :v", Map.of("#t", TAGS, "#k", key), Map.of(":v", AttributeValue.fromS(value)));
    }

    @Override
    public void deleteModelTag(String name, String key, long timestamp) {
        updateModel(name, "REMOVE #t.#k", Map.of("#t", TAGS, "#k", key), Map.of());
    }

    @Override
    public void setAlias(String name, String alias, int version, long timestamp) {
        List<TransactWriteItem> both = List.of(
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                        .key(RegistrySchema.versionKey(name, version)).conditionExpression(EXISTS)
                        .expressionAttributeNames(Map.of("#pk", PK))).build(),
                writes.update(RegistrySchema.modelKey(name), "SET #a.#alias = :v ADD #rev :one", EXISTS,
                        Map.of("#pk", PK, "#a", ALIASES, "#alias", alias, "#rev", REV),
                        Map.of(":v", Attrs.n(version), ":one", Attrs.n(1))));
        try {
            guard.call("TransactWriteItems set alias", () -> client.transactWriteItems(b -> b.transactItems(both)));
        } catch (TransactionCanceledException cancelled) {
            throw failed(cancelled, 1) ? modelNotFound(name) : versionNotFound(name, version);
        }
    }

    @Override
    public void deleteAlias(String name, String alias, long timestamp) {
        updateModel(name, "REMOVE #a.#alias ADD #rev :one", Map.of("#a", ALIASES, "#alias", alias, "#rev", REV),
                Map.of(":one", Attrs.n(1)));
    }

    @Override
    public Page<RegisteredModel> searchModels(ModelQuery query) {
        return search.models(query);
    }

    // ---- versions

    @Override
    public ModelVersion createVersion(NewModelVersion request) {
        String name = request.name();
        String idempotencyKey = request.idempotencyKey();
        return retrying("create version of " + name, () -> {
            Map<String, AttributeValue> model = modelItem(name).orElseThrow(() -> modelNotFound(name));
            Map<String, AttributeValue> earlier = idempotencyKey == null ? null : item(
                    RegistrySchema.idempotencyKey(name, idempotencyKey));
            Integer earlierVersion = null;
            if (earlier != null) {
                earlierVersion = (int) Attrs.number(earlier, VERSION_NUMBER, 0);
                if (request.timestamp() < Attrs.number(earlier, UNTIL, 0)) {
                    Optional<ModelVersion> first = getVersion(name, earlierVersion);
                    if (first.isPresent()) {
                        return first.get();
                    }
                }
            }
            long current = RegistryItems.nextVersion(model);
            ModelVersion version = newVersion(request, (int) (current + 1));
            List<TransactWriteItem> allocate = new ArrayList<>(List.of(
                    writes.update(RegistrySchema.modelKey(name), "SET #nv = :next, #u = :u", "#nv = :current",
                            Map.of("#nv", NEXT_VERSION, "#u", UPDATED), Map.of(":next", Attrs.n(current + 1),
                                    ":current", Attrs.n(current), ":u", Attrs.n(request.timestamp()))),
                    writes.put(RegistryItems.version(version), ABSENT, Map.of("#pk", PK), Map.of())));
            if (idempotencyKey != null) {
                // a record that expired, or names a version deleted since, may be replaced; a live one may not
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", Attrs.n(request.timestamp())));
                Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#until", UNTIL));
                String condition = "attribute_not_exists(#pk) OR #until <= :now";
                if (earlierVersion != null) {
                    condition += " OR #v = :gone";
                    values.put(":gone", Attrs.n(earlierVersion));
                    names.put("#v", VERSION_NUMBER);
                }
                allocate.add(writes.put(RegistryItems.idempotency(name, idempotencyKey, version.version(),
                        request.idempotentUntil()), condition, names, values));
            }
            try {
                writes.atomically("create version", allocate);
                return version;
            } catch (TransactionCanceledException cancelled) {
                return null;
            }
        });
    }

    @Override
    public Optional<ModelVersion> getVersion(String name, int version) {
        return Optional.ofNullable(item(RegistrySchema.versionKey(name, version))).map(RegistryItems::version);
    }

    @Override
    public ModelVersion updateVersion(ModelVersion version) {
        try {
            Map<String, AttributeValue> updated = guard.call("UpdateItem version", () -> client.updateItem(b -> b
                    .tableName(table).key(RegistrySchema.versionKey(version.name(), version.version()))
                    .updateExpression("SET #d = :d, #s = :s, #m = :m, #u = :u").conditionExpression(EXISTS)
                    .expressionAttributeNames(Map.of("#pk", PK, "#d", DESCRIPTION, "#s", STATUS,
                            "#m", STATUS_MESSAGE, "#u", UPDATED))
                    .expressionAttributeValues(Map.of(":d", Attrs.s(version.description()),
                            ":s", AttributeValue.fromS(status(version.status()).name()),
                            ":m", Attrs.s(version.statusMessage()), ":u", Attrs.n(version.lastUpdatedTimestamp())))
                    .returnValues(ReturnValue.ALL_NEW))).attributes();
            return RegistryItems.version(updated);
        } catch (ConditionalCheckFailedException missing) {
            throw versionNotFound(version.name(), version.version());
        }
    }

    @Override
    public void deleteVersion(String name, int version) {
        retrying("delete version " + name + "/" + version, () -> {
            Map<String, AttributeValue> model = modelItem(name).orElseThrow(() -> versionNotFound(name, version));
            StringBuilder expression = new StringBuilder("ADD #rev :one REMOVE #live.#v");
            Map<String, String> names = new HashMap<>(Map.of("#rev", REV, "#live", LIVE,
                    "#v", Integer.toString(version)));
            int n = 0;
            for (Map.Entry<String, Integer> alias : RegistryItems.model(model).aliases().entrySet()) {
                if (alias.getValue() == version) {
                    expression.append(", #a.#alias").append(n);
                    names.put("#alias" + n++, alias.getKey());
                    names.put("#a", ALIASES);
                }
            }
            List<TransactWriteItem> delete = List.of(
                    TransactWriteItem.builder().delete(d -> d.tableName(table)
                            .key(RegistrySchema.versionKey(name, version)).conditionExpression(EXISTS)
                            .expressionAttributeNames(Map.of("#pk", PK))).build(),
                    writes.update(RegistrySchema.modelKey(name), expression.toString(), "#rev = :rev", names,
                            Map.of(":one", Attrs.n(1), ":rev", Attrs.n(RegistryItems.rev(model)))));
            try {
                guard.call("TransactWriteItems delete version", () -> client.transactWriteItems(
                        b -> b.transactItems(delete)));
                return Boolean.TRUE;
            } catch (TransactionCanceledException cancelled) {
                if (failed(cancelled, 0)) {
                    throw versionNotFound(name, version);
                }
                return null;
            }
        });
    }

    @Override
    public ModelVersion transitionStage(String name, int version, ModelStage stage, boolean archiveExisting,
                                        long timestamp) {
        return retrying("transition " + name + "/" + version, () -> {
            Map<String, AttributeValue> model = modelItem(name).orElseThrow(() -> versionNotFound(name, version));
            ModelVersion target = getVersion(name, version).orElseThrow(() -> versionNotFound(name, version));
            Map<String, String> live = new HashMap<>(RegistryItems.live(model));
            List<TransactWriteItem> changes = new ArrayList<>();
            changes.add(setStage(name, version, stage, timestamp, EXISTS, Map.of()));
            if (archiveExisting && isLive(stage)) {
                for (Map.Entry<String, String> other : List.copyOf(live.entrySet())) {
                    int number = Integer.parseInt(other.getKey());
                    if (number != version && other.getValue().equals(stage.name())) {
                        changes.add(setStage(name, number, ModelStage.ARCHIVED, timestamp, "#s = :was",
                                Map.of(":was", AttributeValue.fromS(stage.name()))));
                        live.remove(other.getKey());
                    }
                }
            }
            if (isLive(stage)) {
                live.put(Integer.toString(version), stage.name());
            } else {
                live.remove(Integer.toString(version));
            }
            changes.add(writes.update(RegistrySchema.modelKey(name), "SET #live = :live, #u = :u ADD #rev :one",
                    "#rev = :rev", Map.of("#live", LIVE, "#u", UPDATED, "#rev", REV),
                    Map.of(":live", RegistryItems.strings(live), ":u", Attrs.n(timestamp), ":one", Attrs.n(1),
                            ":rev", Attrs.n(RegistryItems.rev(model)))));
            if (changes.size() > Writes.TRANSACTION_LIMIT) {
                throw new LimitExceededException("Registered Model (name=" + name + ") has " + (changes.size() - 2)
                        + " versions in " + stage.wire() + "; archiving them all takes more than one DynamoDB "
                        + "transaction. Archive some of them first.");
            }
            try {
                guard.call("TransactWriteItems transition stage", () -> client.transactWriteItems(
                        b -> b.transactItems(changes)));
            } catch (TransactionCanceledException cancelled) {
                if (failed(cancelled, 0)) {
                    throw versionNotFound(name, version);
                }
                return null;
            }
            return new ModelVersion(name, version, target.creationTimestamp(), timestamp, target.userId(), stage,
                    target.description(), target.source(), target.runId(), target.runLink(), target.status(),
                    target.statusMessage(), target.tags(), target.modelId());
        });
    }

    @Override
    public void setVersionTag(String name, int version, String key, String value, long timestamp) {
        updateVersionItem(name, version, "SET #t.#k = :v", Map.of("#t", TAGS, "#k", key),
                Map.of(":v", AttributeValue.fromS(value)));
    }

    @Override
    public void deleteVersionTag(String name, int version, String key, long timestamp) {
        updateVersionItem(name, version, "REMOVE #t.#k", Map.of("#t", TAGS, "#k", key), Map.of());
    }

    @Override
    public Page<ModelVersion> searchVersions(VersionQuery query) {
        return search.versions(query);
    }

    @Override
    public ModelVersion rollBack(String name, int version, java.util.Collection<String> aliases, long timestamp) {
        return rollback.rollBack(name, version, aliases, timestamp);
    }

    @Override
    public List<ModelVersion> versionsOf(String name) {
        return partition(name).versions().stream().map(RegistryItems::version).toList();
    }

    // ---- helpers

    /** One model's items, read strongly consistent; throws when the model is missing. */
    private record Partition(Map<String, AttributeValue> model, List<Map<String, AttributeValue>> versions,
                             List<Map<String, AttributeValue>> others) {
    }

    private Partition partition(String name) {
        List<Map<String, AttributeValue>> model = new ArrayList<>(1);
        List<Map<String, AttributeValue>> versions = new ArrayList<>();
        List<Map<String, AttributeValue>> others = new ArrayList<>();
        search.forEachInPartition(name, "", true, item -> {
            String sk = item.get(RegistrySchema.SK).s();
            if (sk.equals(RegistrySchema.MODEL_SK)) {
                model.add(item);
            } else if (sk.startsWith(RegistrySchema.VERSION)) {
                versions.add(item);
            } else {
                others.add(item);
            }
        });
        if (model.isEmpty()) {
            throw modelNotFound(name);
        }
        return new Partition(model.get(0), versions, others);
    }

    private Optional<Map<String, AttributeValue>> modelItem(String name) {
        return Optional.ofNullable(item(RegistrySchema.modelKey(name)));
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = guard.call("GetItem registry", () -> client.getItem(
                b -> b.tableName(table).key(key).consistentRead(true))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private Map<String, AttributeValue> updateModel(String name, String expression, Map<String, String> names,
                                                    Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#pk", PK);
        try {
            return guard.call("UpdateItem model", () -> client.updateItem(b -> {
                b.tableName(table).key(RegistrySchema.modelKey(name)).updateExpression(expression)
                        .conditionExpression(EXISTS).expressionAttributeNames(allNames)
                        .returnValues(ReturnValue.ALL_NEW);
                if (!values.isEmpty()) {
                    b.expressionAttributeValues(values);
                }
            })).attributes();
        } catch (ConditionalCheckFailedException missing) {
            throw modelNotFound(name);
        }
    }

    private void updateVersionItem(String name, int version, String expression, Map<String, String> names,
                                   Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#pk", PK);
        try {
            guard.call("UpdateItem version", () -> client.updateItem(b -> {
                b.tableName(table).key(RegistrySchema.versionKey(name, version)).updateExpression(expression)
                        .conditionExpression(EXISTS).expressionAttributeNames(allNames);
                if (!values.isEmpty()) {
                    b.expressionAttributeValues(values);
                }
            }));
        } catch (ConditionalCheckFailedException missing) {
            throw versionNotFound(name, version);
        }
    }

    /** {@code condition} is either {@link #EXISTS} or a test on the current stage ({@code #s}). */
    private TransactWriteItem setStage(String name, int version, ModelStage stage, long timestamp, String condition,
                                       Map<String, AttributeValue> conditionValues) {
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        values.put(":s", AttributeValue.fromS(stage.name()));
        values.put(":u", Attrs.n(timestamp));
        Map<String, String> names = new HashMap<>(Map.of("#s", STAGE, "#u", UPDATED));
        if (condition.equals(EXISTS)) {
            names.put("#pk", PK);
        }
        return writes.update(RegistrySchema.versionKey(name, version), "SET #s = :s, #u = :u", condition, names,
                values);
    }

    /** Conditions a delete of the model item on its counter and revision being what was read. */
    private TransactWriteItem unchanged(TransactWriteItem delete, Map<String, AttributeValue> model) {
        return TransactWriteItem.builder().delete(delete.delete().toBuilder()
                .conditionExpression("#nv = :nv AND #rev = :rev")
                .expressionAttributeNames(Map.of("#nv", NEXT_VERSION, "#rev", REV))
                .expressionAttributeValues(Map.of(":nv", Attrs.n(RegistryItems.nextVersion(model)),
                        ":rev", Attrs.n(RegistryItems.rev(model)))).build()).build();
    }

    /** Runs {@code attempt} until it returns non-null; null means a concurrent change cancelled it. */
    private static <T> T retrying(String what, Supplier<T> attempt) {
        for (int i = 0; i < ATTEMPTS; i++) {
            if (i > 0) {
                jitter(i);
            }
            T result = attempt.get();
            if (result != null) {
                return result;
            }
        }
        throw new StorageFailureException("DynamoDB kept cancelling " + what + " under concurrent changes; "
                + "try again");
    }

    /**
     * Full jitter, capped low: many writers racing for one counter each win in turn, and a short random wait spreads
     * the next round without making the last writer wait for seconds.
     */
    private static void jitter(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(50, 2L * attempt) + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageFailureException("Interrupted while retrying a DynamoDB transaction", e);
        }
    }

    private static boolean failed(TransactionCanceledException cancelled, int index) {
        List<CancellationReason> reasons = cancelled.cancellationReasons();
        return reasons.size() > index && CONFLICT.equals(reasons.get(index).code());
    }

    private static boolean isLive(ModelStage stage) {
        return stage == ModelStage.STAGING || stage == ModelStage.PRODUCTION;
    }

    private static VersionStatus status(VersionStatus status) {
        return status == null ? VersionStatus.READY : status;
    }

    private static ModelVersion newVersion(NewModelVersion request, int number) {
        return new ModelVersion(request.name(), number, request.timestamp(), request.timestamp(), request.userId(),
                ModelStage.NONE, request.description(), request.source(), request.runId(), request.runLink(),
                status(request.status()), request.statusMessage(), request.tags(), request.modelId());
    }

    private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        return Map.of(PK, item.get(PK), RegistrySchema.SK, item.get(RegistrySchema.SK));
    }

    private static ResourceNotFoundException modelNotFound(String name) {
        return new ResourceNotFoundException("Registered Model with name=" + name + " not found");
    }

    private static ResourceNotFoundException versionNotFound(String name, int version) {
        return new ResourceNotFoundException("Model Version (name=" + name + ", version=" + version + ") not found");
    }

    private static ResourceAlreadyExistsException alreadyExists(String name) {
        return new ResourceAlreadyExistsException("Registered Model (name=" + name + ") already exists.");
    }
}

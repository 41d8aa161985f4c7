package dev.mlops.aws.dynamo;

import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.ResourceNames;
import dev.mlops.core.error.StorageFailureException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The tables' names and their creation. {@code metadata} holds experiments, name claims, runs and run data;
 * {@code metrics} holds one item per metric log call plus each run's lake manifest and buffered-point counter;
 * {@code registry} holds registered models, their versions, idempotency records and webhooks; {@code search} holds
 * the run search index ({@link SearchIndexItems}), derived from the metadata table and rebuildable from it;
 * {@code audit} holds the audit log ({@link AuditTable}). All bill on demand, so nothing needs capacity planning.
 */
public record DynamoTables(String metadata, String metrics, String registry, String search, String audit) {

    static final String METRIC_RUN = "run";
    static final String METRIC_BATCH = "batch";
    /** Key of the sparse {@link #PENDING_INDEX}: only live (unreleased) batches carry it. */
    static final String METRIC_PENDING = "pending";
    /** Epoch seconds after which DynamoDB's TTL deletes a released batch's tombstone. */
    static final String METRIC_EXPIRES = "expires_at";
    /** {@link #METRIC_EXPIRES} for other packages (snapshots leave expired tombstones out). */
    public static final String METRIC_EXPIRES_ATTRIBUTE = METRIC_EXPIRES;
    static final String PENDING_INDEX = "pending-index";
    /**
     * Index partitions of the pending index. Every live batch put and every release writes one index entry, and one
     * partition takes about 1,000 writes a second; four shards keep a busy deployment clear of that (throttled index
     * writes throttle the table) while pendingRuns pays just four small Queries.
     */
    static final int PENDING_SHARDS = 4;

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);

    public static DynamoTables of(AwsSettings settings) {
        return of(new ResourceNames(settings.tablePrefix()));
    }

    public static DynamoTables of(ResourceNames names) {
        return new DynamoTables(names.metadataTable(), names.metricsTable(), names.registryTable(),
                names.searchTable(), names.auditTable());
    }

    /**
     * Creates whichever table is missing and waits until all tables and their indexes are ACTIVE. An existing
     * table is kept as it is, but must have the indexes this version queries.
     */
    public static DynamoTables createIfMissing(DynamoDbClient client, AwsSettings settings) {
        DynamoTables tables = of(settings);
        try {
            for (TableDefinition table : tables.definitions()) {
                ensure(client, table.request());
                table.ttlAttribute().ifPresent(attribute -> enableExpiry(client, table.name(), attribute));
            }
        } catch (SdkException e) {
            throw new StorageFailureException("Cannot create or check DynamoDB tables " + tables + ": "
                    + e.getMessage(), e);
        }
        return tables;
    }

    /**
     * A table as this code expects it: keys, attribute types, indexes with their projections, billing, and the
     * attribute DynamoDB's TTL expires items by, if any.
     */
    public record TableDefinition(CreateTableRequest request, Optional<String> ttlAttribute) {
        public String name() {
            return request.tableName();
        }
    }

    /**
     * The tables exactly as {@link #createIfMissing} creates them. The CDK stack (infra-cdk) declares its
     * tables from this list, so a deployed table always has the keys and indexes this version queries.
     */
    public List<TableDefinition> definitions() {
        return List.of(new TableDefinition(metadataTable(metadata), Optional.empty()),
                new TableDefinition(metricsTable(metrics), Optional.of(METRIC_EXPIRES)),
                new TableDefinition(registryTable(registry), Optional.empty()),
                new TableDefinition(searchTable(search), Optional.empty()),
                new TableDefinition(AuditTable.request(audit), Optional.of(AuditTable.EXPIRES)));
    }

    private static CreateTableRequest metadataTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(text(MetaSchema.PK), text(MetaSchema.SK), text(MetaSchema.X_STAGE),
                        text(MetaSchema.X_ORDER), text(MetaSchema.R_EXPERIMENT), text(MetaSchema.R_ORDER),
                        text(MetaSchema.R_STATUS), text(MetaSchema.R_PARENT))
                .keySchema(key(MetaSchema.PK, KeyType.HASH), key(MetaSchema.SK, KeyType.RANGE))
                .globalSecondaryIndexes(
                        index(MetaSchema.EXPERIMENTS_INDEX, MetaSchema.X_STAGE, MetaSchema.X_ORDER),
                        index(MetaSchema.RUNS_INDEX, MetaSchema.R_EXPERIMENT, MetaSchema.R_ORDER),
                        index(MetaSchema.STATUS_INDEX, MetaSchema.R_STATUS, MetaSchema.R_ORDER),
                        index(MetaSchema.PARENT_INDEX, MetaSchema.R_PARENT, MetaSchema.R_ORDER))
                .build();
    }

    /** The shard of the pending index a run's batches are listed under; String.hashCode is stable by spec. */
    static String pendingShard(String runId) {
        return Integer.toString(Math.floorMod(runId.hashCode(), PENDING_SHARDS));
    }

    static List<String> pendingShards() {
        return IntStream.range(0, PENDING_SHARDS).mapToObj(Integer::toString).toList();
    }

    private static CreateTableRequest metricsTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(text(METRIC_RUN), text(METRIC_BATCH), text(METRIC_PENDING))
                .keySchema(key(METRIC_RUN, KeyType.HASH), key(METRIC_BATCH, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(PENDING_INDEX)
                        .keySchema(key(METRIC_PENDING, KeyType.HASH), key(METRIC_RUN, KeyType.RANGE))
                        // the flush needs the run and its experiment, not the points
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes(DynamoMetricStore.EXPERIMENT).build())
                        .build())
                .build();
    }

    /** Items expire by TTL on {@code attribute}; enabling is skipped when it is on (DynamoDB refuses twice). */
    private static void enableExpiry(DynamoDbClient client, String name, String attribute) {
        TimeToLiveStatus status = client.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription()
                .timeToLiveStatus();
        if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
            return;
        }
        client.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(spec -> spec.enabled(true)
                .attributeName(attribute)));
    }

    private static CreateTableRequest registryTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(text(RegistrySchema.PK), text(RegistrySchema.SK),
                        text(RegistrySchema.SEARCH_PK), text(RegistrySchema.SEARCH_SK))
                .keySchema(key(RegistrySchema.PK, KeyType.HASH), key(RegistrySchema.SK, KeyType.RANGE))
                .globalSecondaryIndexes(
                        index(RegistrySchema.SEARCH_INDEX, RegistrySchema.SEARCH_PK, RegistrySchema.SEARCH_SK))
                .build();
    }

    /** Plain pk/sk: the index's entries are sorted by their sort keys, and read strongly consistently. */
    private static CreateTableRequest searchTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(text(MetaSchema.PK), text(MetaSchema.SK))
                .keySchema(key(MetaSchema.PK, KeyType.HASH), key(MetaSchema.SK, KeyType.RANGE))
                .build();
    }

    private static void ensure(DynamoDbClient client, CreateTableRequest request) {
        try {
            client.describeTable(b -> b.tableName(request.tableName()));
        } catch (ResourceNotFoundException missing) {
            try {
                client.createTable(request);
            } catch (ResourceInUseException createdMeanwhile) {
                // another process created it first; wait for it like for our own
            }
        }
        TableDescription table = awaitActive(client, request.tableName());
        Set<String> present = table.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet());
        List<String> absent = request.globalSecondaryIndexes().stream().map(GlobalSecondaryIndex::indexName)
                .filter(index -> !present.contains(index)).toList();
        if (!absent.isEmpty()) {
            throw new StorageFailureException("Table " + request.tableName() + " lacks indexes " + absent
                    + "; it was created by another version, migrate it before use");
        }
    }

    private static TableDescription awaitActive(DynamoDbClient client, String name) {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (true) {
            TableDescription table = client.describeTable(b -> b.tableName(name)).table();
            boolean indexesActive = table.globalSecondaryIndexes().stream()
                    .allMatch(i -> i.indexStatus() == null || i.indexStatus() == IndexStatus.ACTIVE);
            if (table.tableStatus() == TableStatus.ACTIVE && indexesActive) {
                return table;
            }
            if (System.nanoTime() > deadline) {
                throw new StorageFailureException("Table " + name + " did not become ACTIVE within " + MAX_WAIT);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageFailureException("Interrupted while waiting for table " + name, e);
            }
        }
    }

    static GlobalSecondaryIndex index(String name, String hash, String range) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(hash, KeyType.HASH), key(range, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }

    private static AttributeDefinition text(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}

package dev.mlops.infra;

import dev.mlops.aws.AwsRecovery;
import dev.mlops.aws.ResourceNames;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.aws.dynamo.DynamoTables.TableDefinition;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.BaseArchiveProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.constructs.Construct;

/**
 * The stage's data: every table DynamoTables defines, the artifact and lake bucket, the event bus with its archive,
 * and the secrets (Databricks credentials, the webhook key). Tables, bucket and secrets survive {@code cdk destroy}
 * unless the stage is ephemeral.
 */
public final class DataStores extends Construct {

    /**
     * Noncurrent object versions (overwritten or deleted artifacts, replaced lake files, ingested models) are kept
     * this long: longer than recovery's retention horizon (7 daily and 4 weekly snapshots reach back 35 days, and
     * verify reports retention-at-risk for a rule shorter than that), so no retained snapshot loses an object
     * version to the lifecycle. Prune deletes the versions no snapshot references sooner, by itself.
     */
    static final int NONCURRENT_VERSION_DAYS = 45;
    /**
     * The prefixes whose old versions the lifecycle expires. {@code snapshots/} is not among them: recovery's own
     * retention removes snapshots, and a lifecycle expiry there would delete manifests of retained ones.
     */
    static final List<String> EXPIRING_PREFIXES = List.of(ResourceNames.ARTIFACT_PREFIX + "/",
            ResourceNames.LAKE_PREFIX + "/", AwsRecovery.Settings.DEFAULT.ingestedPrefix());
    /** Multipart uploads a client or S3A abandoned are aborted after this long (their parts are billed). */
    static final int ABANDONED_UPLOAD_DAYS = 7;
    /** The bus archive keeps domain events this long for replay. */
    static final int ARCHIVE_DAYS = 90;

    /** Table name to table, in DynamoTables' order. */
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final ResourceNames names;
    private final String bucketName;
    private final Bucket bucket;
    private final EventBus bus;
    private final Map<Access.Secret, Secret> secrets = new EnumMap<>(Access.Secret.class);

    public DataStores(Construct scope, String id, ResourceNames names, String bucketName, StageOptions stage) {
        super(scope, id);
        this.bucketName = bucketName;
        this.names = names;
        RemovalPolicy keep = stage.ephemeral() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
        // every table the adapters define, so a table added there is deployed with no change here
        for (TableDefinition definition : DynamoTables.of(names).definitions()) {
            tables.put(definition.name(), table(definition, tableId(names, definition.name()) + "Table", keep,
                    stage.ephemeral()));
        }

        this.bucket = Bucket.Builder.create(this, "Bucket")
                .bucketName(bucketName)
                .versioned(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .lifecycleRules(lifecycleRules())
                .removalPolicy(keep)
                // An ephemeral stage's bucket must be emptied before CloudFormation can delete it: CDK adds a
                // small custom-resource function for that (its role is the stack's only one with the managed
                // AWSLambdaBasicExecutionRole, i.e. logs on Resource "*"; it exists on ephemeral stages only).
                .autoDeleteObjects(stage.ephemeral())
                .build();

        this.bus = EventBus.Builder.create(this, "Bus").eventBusName(names.eventBus()).build();
        bus.archive("Archive", BaseArchiveProps.builder()
                .archiveName(names.eventBus() + "-archive")
                .description("Every domain event of " + names.prefix() + ", for replay")
                .eventPattern(EventPattern.builder().source(List.of(ResourceNames.EVENT_SOURCE)).build())
                .retention(Duration.days(ARCHIVE_DAYS))
                .build());

        secrets.put(Access.Secret.DATABRICKS, Secret.Builder.create(this, "DatabricksSecret")
                .secretName(names.databricksSecret())
                .description("Databricks workspace credentials for the Databricks backend: replace the value with "
                        + "{\"host\", \"http_path\", \"token\"} (aws secretsmanager put-secret-value)")
                // CloudFormation needs some value; a random placeholder token is useless to anyone who reads it
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"host\":\"\",\"http_path\":\"\"}")
                        .generateStringKey("token").excludePunctuation(true).build())
                .removalPolicy(keep)
                .build());
        secrets.put(Access.Secret.WEBHOOK_KEY, Secret.Builder.create(this, "WebhookKeySecret")
                .secretName(names.webhookKeySecret())
                .description("Key material that seals MLflow webhook secrets in " + names.registryTable()
                        + "; replacing it makes every stored webhook secret unreadable")
                // 64 random letters and digits (about 380 bits); the cipher derives its AES-256 key from them
                .generateSecretString(SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true)
                        .build())
                // retained with the table it unlocks: a new key would orphan every sealed webhook secret
                .removalPolicy(keep)
                .build());
    }

    /**
     * Per state prefix: noncurrent versions expire, and delete markers left with no version behind them go; on the
     * whole bucket: abandoned multipart uploads are aborted (that expires no object).
     */
    static List<LifecycleRule> lifecycleRules() {
        List<LifecycleRule> rules = new ArrayList<>();
        for (String prefix : EXPIRING_PREFIXES) {
            rules.add(LifecycleRule.builder().id("expire-noncurrent-versions-" + prefix.replace("/", ""))
                    .prefix(prefix)
                    .noncurrentVersionExpiration(Duration.days(NONCURRENT_VERSION_DAYS))
                    .expiredObjectDeleteMarker(true)
                    .build());
        }
        rules.add(LifecycleRule.builder().id("abort-abandoned-multipart-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(ABANDONED_UPLOAD_DAYS)).build());
        return rules;
    }

    public Table table(Access.Table table) {
        Table found = tables.get(table.tableName(names));
        if (found == null) {
            throw new IllegalStateException("DynamoTables defines no table " + table.tableName(names));
        }
        return found;
    }

    /** Construct id of a table: {@code mlops-dev-metadata} becomes {@code Metadata} (its logical ids never change). */
    static String tableId(ResourceNames names, String tableName) {
        return DeployedFunction.idOf(tableName.substring(names.prefix().length() + 1));
    }

    /** Every table of the stage by name. */
    public Map<String, Table> tables() {
        return java.util.Collections.unmodifiableMap(tables);
    }

    public Bucket bucket() {
        return bucket;
    }

    /**
     * The bucket's ARN built from its (deterministic) name rather than from the resource: the bucket's
     * notification configuration names the ingestion function, so anything the function depends on (its invoke
     * permission, its role's policy) must not refer back to the bucket resource, or CloudFormation sees a cycle.
     */
    public String bucketArnByName() {
        return "arn:" + Stack.of(this).getPartition() + ":s3:::" + bucketName;
    }

    public EventBus bus() {
        return bus;
    }

    public Secret databricksSecret() {
        return secret(Access.Secret.DATABRICKS);
    }

    public Secret secret(Access.Secret secret) {
        return secrets.get(secret);
    }

    private Table table(TableDefinition definition, String id, RemovalPolicy keep, boolean ephemeral) {
        CreateTableRequest request = definition.request();
        Table.Builder builder = Table.Builder.create(this, id)
                .tableName(request.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(!ephemeral)
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(keep);
        key(request, request.keySchema(), KeyType.HASH).ifPresent(builder::partitionKey);
        key(request, request.keySchema(), KeyType.RANGE).ifPresent(builder::sortKey);
        definition.ttlAttribute().ifPresent(builder::timeToLiveAttribute);
        Table table = builder.build();
        for (GlobalSecondaryIndex index : request.globalSecondaryIndexes()) {
            GlobalSecondaryIndexProps.Builder props = GlobalSecondaryIndexProps.builder()
                    .indexName(index.indexName())
                    .projectionType(projection(index))
                    .partitionKey(key(request, index.keySchema(), KeyType.HASH).orElseThrow());
            key(request, index.keySchema(), KeyType.RANGE).ifPresent(props::sortKey);
            if (!index.projection().nonKeyAttributes().isEmpty()) {
                props.nonKeyAttributes(index.projection().nonKeyAttributes());
            }
            table.addGlobalSecondaryIndex(props.build());
        }
        return table;
    }

    private static ProjectionType projection(GlobalSecondaryIndex index) {
        return switch (index.projection().projectionType()) {
            case ALL -> ProjectionType.ALL;
            case INCLUDE -> ProjectionType.INCLUDE;
            case KEYS_ONLY -> ProjectionType.KEYS_ONLY;
            default -> throw new IllegalStateException("unknown projection of index " + index.indexName());
        };
    }

    private static Optional<Attribute> key(CreateTableRequest request, List<KeySchemaElement> schema, KeyType type) {
        return schema.stream().filter(k -> k.keyType() == type).findFirst().map(k -> {
            AttributeDefinition definition = request.attributeDefinitions().stream()
                    .filter(a -> a.attributeName().equals(k.attributeName())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no attribute definition for " + k));
            AttributeType attributeType = switch (definition.attributeType()) {
                case S -> AttributeType.STRING;
                case N -> AttributeType.NUMBER;
                case B -> AttributeType.BINARY;
                default -> throw new IllegalStateException("unknown attribute type of " + k.attributeName());
            };
            return Attribute.builder().name(k.attributeName()).type(attributeType).build();
        });
    }
}

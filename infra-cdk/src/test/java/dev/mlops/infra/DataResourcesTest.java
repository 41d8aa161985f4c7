package dev.mlops.infra;

import static dev.mlops.infra.TemplateJson.list;
import static dev.mlops.infra.TemplateJson.map;
import static dev.mlops.infra.TemplateJson.referenced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.ResourceNames;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.aws.dynamo.DynamoTables.TableDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The data resources: tables exactly as the DynamoDB adapter creates and queries them, the bucket's protections
 * and lifecycle, the bus with its archive and rules, the Databricks secret readable by nobody yet and the webhook
 * key readable only by the functions that seal or unseal webhook secrets.
 */
class DataResourcesTest {

    private static final ResourceNames NAMES = ResourceNames.forStage(TestStacks.STAGE);

    static Stream<TableDefinition> tables() {
        return DynamoTables.of(NAMES).definitions().stream();
    }

    private static TemplateJson template() {
        return TestStacks.standardJson();
    }

    private static Map<String, Object> resource(String type, String nameProperty, String name) {
        return template().resource(template().idWhere(type, nameProperty, name));
    }

    @ParameterizedTest
    @MethodSource("tables")
    void tablesHaveTheKeysIndexesAndTtlTheCodeUses(TableDefinition expected) {
        Map<String, Object> table = TemplateJson.properties(resource("AWS::DynamoDB::Table", "TableName",
                expected.name()));
        assertThat(table.get("KeySchema")).isEqualTo(keySchema(expected.request().keySchema()));
        assertThat(Set.copyOf(list(table.get("AttributeDefinitions")))).isEqualTo(
                expected.request().attributeDefinitions().stream().map(a -> Map.of("AttributeName",
                        a.attributeName(), "AttributeType", a.attributeTypeAsString())).collect(Collectors.toSet()));
        Map<String, Object> indexes = list(table.getOrDefault("GlobalSecondaryIndexes", List.of())).stream()
                .map(TemplateJson::map).collect(Collectors.toMap(i -> (String) i.get("IndexName"), i -> i));
        assertThat(indexes.keySet()).isEqualTo(expected.request().globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndex::indexName).collect(Collectors.toSet()));
        for (GlobalSecondaryIndex index : expected.request().globalSecondaryIndexes()) {
            Map<String, Object> actual = map(indexes.get(index.indexName()));
            assertThat(actual.get("KeySchema")).isEqualTo(keySchema(index.keySchema()));
            Map<String, Object> projection = new LinkedHashMap<>();
            projection.put("ProjectionType", index.projection().projectionTypeAsString());
            if (!index.projection().nonKeyAttributes().isEmpty()) {
                projection.put("NonKeyAttributes", index.projection().nonKeyAttributes());
            }
            assertThat(actual.get("Projection")).isEqualTo(projection);
        }
        if (expected.ttlAttribute().isPresent()) {
            assertThat(table.get("TimeToLiveSpecification")).isEqualTo(
                    Map.of("AttributeName", expected.ttlAttribute().get(), "Enabled", true));
        } else {
            assertThat(table).doesNotContainKey("TimeToLiveSpecification");
        }
    }

    @Test
    void theMetricsTableExpiresTombstonesByTtl() {
        assertThat(DynamoTables.of(NAMES).definitions()).filteredOn(d -> d.name().equals(NAMES.metricsTable()))
                .singleElement().satisfies(d -> assertThat(d.ttlAttribute()).hasValue("expires_at"));
    }

    @ParameterizedTest
    @MethodSource("tables")
    void tablesAreOnDemandRecoverableProtectedEncryptedAndRetained(TableDefinition expected) {
        Map<String, Object> resource = resource("AWS::DynamoDB::Table", "TableName", expected.name());
        Map<String, Object> table = TemplateJson.properties(resource);
        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.get("PointInTimeRecoverySpecification"))
                .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
        assertThat(table.get("DeletionProtectionEnabled")).isEqualTo(true);
        assertThat(table.get("SSESpecification")).isEqualTo(Map.of("SSEEnabled", true));
        assertThat(resource.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat(resource.get("UpdateReplacePolicy")).isEqualTo("Retain");
    }

    @Test
    void theBucketIsVersionedEncryptedPrivateTlsOnlyAndCleansUp() {
        String name = NAMES.deployedBucket(TestStacks.ACCOUNT, TestStacks.REGION);
        Map<String, Object> resource = resource("AWS::S3::Bucket", "BucketName", name);
        Map<String, Object> bucket = TemplateJson.properties(resource);
        assertThat(bucket.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
        assertThat(bucket.get("BucketEncryption").toString()).contains("SSEAlgorithm=AES256");
        assertThat(bucket.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true,
                "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        assertThat(resource.get("DeletionPolicy")).isEqualTo("Retain");
        List<Object> rules = list(map(bucket.get("LifecycleConfiguration")).get("Rules"));
        assertThat(rules).containsExactlyInAnyOrder(
                expiring("mlflow/"), expiring("lake/"), expiring("incoming/"),
                Map.of("Id", "abort-abandoned-multipart-uploads", "Status", "Enabled",
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation",
                                DataStores.ABANDONED_UPLOAD_DAYS)));
        // recovery's constraints (functions/recovery/README.md): nothing expires under snapshots/, and noncurrent
        // versions outlive the retention horizon of 7 daily and 4 weekly snapshots (35 days)
        assertThat(rules).noneSatisfy(r -> assertThat(String.valueOf(map(r).get("Prefix"))).startsWith("snapshots"));
        assertThat(DataStores.NONCURRENT_VERSION_DAYS).isGreaterThan(36);

        String bucketId = template().idWhere("AWS::S3::Bucket", "BucketName", name);
        Map<String, Object> policy = template().ofType("AWS::S3::BucketPolicy").values().stream()
                .map(TemplateJson::properties).filter(p -> bucketId.equals(referenced(p.get("Bucket"))))
                .findFirst().orElseThrow();
        List<Object> statements = list(map(policy.get("PolicyDocument")).get("Statement"));
        assertThat(statements).anySatisfy(s -> assertThat(map(s)).containsEntry("Effect", "Deny")
                .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        assertThat(statements).anySatisfy(s -> assertThat(map(s)).containsEntry("Effect", "Deny")
                .containsEntry("Condition", Map.of("NumericLessThan", Map.of("s3:TlsVersion", 1.2))));
    }

    private static Map<String, Object> expiring(String prefix) {
        return Map.of("Id", "expire-noncurrent-versions-" + prefix.replace("/", ""), "Status", "Enabled",
                "Prefix", prefix, "ExpiredObjectDeleteMarker", true,
                "NoncurrentVersionExpiration", Map.of("NoncurrentDays", DataStores.NONCURRENT_VERSION_DAYS));
    }

    @Test
    void recoverySnapshotsDailyAtThreeUtc() {
        Map<String, Object> snapshot = template().properties(template().idWhere("AWS::Events::Rule", "Name",
                NAMES.prefix() + "-snapshot-schedule"));
        assertThat(snapshot.get("ScheduleExpression")).isEqualTo("cron(0 3 * * ? *)");
        assertTargets(snapshot, "recovery");
    }

    @Test
    void theBusArchivesEveryDomainEventAndRoutesFlushRequests() {
        String bus = template().idWhere("AWS::Events::EventBus", "Name", NAMES.eventBus());
        Map<String, Object> archive = template().ofType("AWS::Events::Archive").values().stream()
                .map(TemplateJson::properties).findFirst().orElseThrow();
        assertThat(referenced(archive.get("SourceArn"))).isEqualTo(bus);
        assertThat(archive.get("RetentionDays")).isEqualTo(DataStores.ARCHIVE_DAYS);
        assertThat(archive.get("EventPattern")).isEqualTo(Map.of("source", List.of(ResourceNames.EVENT_SOURCE)));

        Map<String, Object> rule = template().properties(template().idWhere("AWS::Events::Rule", "Name",
                NAMES.prefix() + "-MetricFlushRequested"));
        assertThat(referenced(rule.get("EventBusName"))).isEqualTo(bus);
        assertThat(rule.get("EventPattern")).isEqualTo(Map.of("source", List.of(ResourceNames.EVENT_SOURCE),
                "detail-type", List.of("MetricFlushRequested")));
        assertTargetsFlushAliasWithRetries(rule);

        Map<String, Object> schedule = template().properties(template().idWhere("AWS::Events::Rule", "Name",
                NAMES.prefix() + "-metric-flush-schedule"));
        assertThat(schedule.get("ScheduleExpression")).isEqualTo("rate(5 minutes)");
        assertThat(schedule).doesNotContainKey("EventBusName");
        assertTargetsFlushAliasWithRetries(schedule);
    }

    private static void assertTargetsFlushAliasWithRetries(Map<String, Object> rule) {
        Map<String, Object> target = map(list(rule.get("Targets")).getFirst());
        String alias = referenced(target.get("Arn"));
        String function = referenced(template().properties(alias).get("FunctionName"));
        assertThat(template().properties(function).get("FunctionName")).isEqualTo(NAMES.function("metric-flush"));
        assertThat(target.get("RetryPolicy")).isEqualTo(Map.of("MaximumRetryAttempts", 2,
                "MaximumEventAgeInSeconds", 21600));
        String queue = referenced(map(target.get("DeadLetterConfig")).get("Arn"));
        assertThat(template().properties(queue).get("QueueName")).isEqualTo(NAMES.function("metric-flush") + "-dlq");
    }

    @Test
    void theDatabricksSecretExistsAndNoFunctionReadsItYet() {
        Map<String, Object> resource = resource("AWS::SecretsManager::Secret", "Name", NAMES.databricksSecret());
        assertThat(resource.get("DeletionPolicy")).isEqualTo("Retain");
        String secretId = template().idWhere("AWS::SecretsManager::Secret", "Name", NAMES.databricksSecret());
        // no role mentions it: no function of the catalog reads it (Databricks runs outside Lambda so far)
        template().ofType("AWS::IAM::Role").values().forEach(role ->
                assertThat(TemplateJson.properties(role).toString()).doesNotContain(secretId));
        // a function that declares it gets exactly GetSecretValue on exactly this secret
        MlopsStack stack = TestStacks.standardStack();
        Object statement = Stack.of(stack).resolve(Permissions.statement(new Access.ReadSecret(Access.Secret.DATABRICKS),
                stack.stores()).toStatementJson());
        assertThat(statement).isEqualTo(Map.of("Action", "secretsmanager:GetSecretValue", "Effect", "Allow",
                "Resource", Map.of("Ref", secretId)));
    }

    @Test
    void theWebhookKeyIsGeneratedRetainedAndReadOnlyByRegistryAndWebhookDelivery() {
        Map<String, Object> resource = resource("AWS::SecretsManager::Secret", "Name", NAMES.webhookKeySecret());
        assertThat(resource.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat(map(TemplateJson.properties(resource).get("GenerateSecretString")))
                .containsEntry("PasswordLength", 64).containsEntry("ExcludePunctuation", true);
        String secretId = template().idWhere("AWS::SecretsManager::Secret", "Name", NAMES.webhookKeySecret());
        Set<String> readers = template().ofType("AWS::Lambda::Function").values().stream()
                .map(TemplateJson::properties)
                .filter(fn -> TemplateJson.properties(template().resource(referenced(fn.get("Role")))).toString()
                        .contains(secretId))
                .map(fn -> ((String) fn.get("FunctionName")).substring(NAMES.prefix().length() + 1))
                .collect(Collectors.toSet());
        assertThat(readers).isEqualTo(Set.of("registry", "webhook-delivery"));
    }

    @Test
    void healthRunsEveryFiveMinutesAndWebhookDeliveryOnTheRegistrysEvents() {
        Map<String, Object> health = template().properties(template().idWhere("AWS::Events::Rule", "Name",
                NAMES.prefix() + "-health-schedule"));
        assertThat(health.get("ScheduleExpression")).isEqualTo("rate(5 minutes)");
        assertTargets(health, "health");
        Map<String, Object> webhooks = template().properties(template().idWhere("AWS::Events::Rule", "Name",
                NAMES.prefix() + "-webhook-events"));
        assertThat(referenced(webhooks.get("EventBusName"))).isEqualTo(template().idWhere("AWS::Events::EventBus",
                "Name", NAMES.eventBus()));
        // exactly the events MLflow webhooks subscribe to (EventDecoder), nothing else wakes the function
        assertThat(webhooks.get("EventPattern")).isEqualTo(Map.of("source", List.of(ResourceNames.EVENT_SOURCE),
                "detail-type", List.of("RegisteredModelCreated", "ModelVersionCreated", "ModelVersionTagSet",
                        "ModelVersionTagDeleted", "ModelAliasSet", "ModelAliasDeleted")));
        assertTargets(webhooks, "webhook-delivery");
    }

    private static void assertTargets(Map<String, Object> rule, String module) {
        Map<String, Object> target = map(list(rule.get("Targets")).getFirst());
        String alias = referenced(target.get("Arn"));
        assertThat(template().properties(alias).get("Name")).isEqualTo(DeployedFunction.ALIAS);
        String function = referenced(template().properties(alias).get("FunctionName"));
        assertThat(template().properties(function).get("FunctionName")).isEqualTo(NAMES.function(module));
        String queue = referenced(map(target.get("DeadLetterConfig")).get("Arn"));
        assertThat(template().properties(queue).get("QueueName")).isEqualTo(NAMES.function(module) + "-dlq");
    }

    @Test
    void aFunctionThatDeclaresTheSecretGetsItsNameWithThePermission() {
        FunctionSpec base = FunctionCatalog.registry();
        List<Access> access = new java.util.ArrayList<>(base.access());
        access.add(new Access.ReadSecret(Access.Secret.DATABRICKS));
        List<dev.mlops.aws.Setting> settings = new java.util.ArrayList<>(base.settings());
        settings.add(dev.mlops.aws.Setting.DATABRICKS_SECRET_ID);
        FunctionSpec databricks = new FunctionSpec(base.module(), base.description(), base.memoryMb(),
                base.timeout(), base.reservedConcurrency(), base.triggers(), access, settings);
        assertThat(TestStacks.standardStack().functionEnvironment(databricks, "bucket"))
                .containsEntry("MLOPS_DATABRICKS_SECRET_ID", NAMES.databricksSecret());
        // one without the other is refused
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FunctionSpec(base.module(),
                        base.description(), base.memoryMb(), base.timeout(), base.reservedConcurrency(),
                        base.triggers(), access, base.settings()))
                .hasMessageContaining("go together");
    }

    private static List<Map<String, String>> keySchema(List<KeySchemaElement> schema) {
        return schema.stream().map(k -> Map.of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                .toList();
    }
}

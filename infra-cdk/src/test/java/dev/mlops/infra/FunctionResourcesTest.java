package dev.mlops.infra;

import static dev.mlops.infra.TemplateJson.list;
import static dev.mlops.infra.TemplateJson.map;
import static dev.mlops.infra.TemplateJson.referenced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.ResourceNames;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The functions as synthesized: Java 21 on arm64, SnapStart on a published version behind the {@code live} alias
 * that every trigger targets, memory, timeout and reserved concurrency from the catalog, their own role and log
 * group, and for asynchronous triggers the retry policy and the SQS dead-letter destination.
 */
class FunctionResourcesTest {

    private static final ResourceNames NAMES = ResourceNames.forStage(TestStacks.STAGE);

    static Stream<FunctionSpec> specs() {
        return FunctionCatalog.all().stream();
    }

    private static TemplateJson template() {
        return TestStacks.standardJson();
    }

    private static String functionId(FunctionSpec spec) {
        return template().idWhere("AWS::Lambda::Function", "FunctionName", NAMES.function(spec.module()));
    }

    private static String aliasId(FunctionSpec spec) {
        String function = functionId(spec);
        List<String> aliases = template().ofType("AWS::Lambda::Alias").entrySet().stream()
                .filter(e -> function.equals(referenced(TemplateJson.properties(e.getValue()).get("FunctionName"))))
                .map(Map.Entry::getKey).toList();
        assertThat(aliases).as("aliases of %s", spec.module()).hasSize(1);
        return aliases.getFirst();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void runsJava21OnArmWithSnapStartAndTheCatalogsSizing(FunctionSpec spec) {
        Map<String, Object> fn = template().properties(functionId(spec));
        assertThat(fn.get("Runtime")).isEqualTo("java21");
        assertThat(fn.get("Architectures")).isEqualTo(List.of("arm64"));
        assertThat(fn.get("Handler")).isEqualTo(DeployedFunction.HANDLER);
        assertThat(fn.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        assertThat(fn.get("MemorySize")).isEqualTo(spec.memoryMb());
        assertThat(((Number) fn.get("Timeout")).longValue()).isEqualTo(spec.timeout().toSeconds());
        if (spec.reservedConcurrency().isPresent()) {
            assertThat(fn.get("ReservedConcurrentExecutions")).isEqualTo(spec.reservedConcurrency().getAsInt());
        } else {
            assertThat(fn).doesNotContainKey("ReservedConcurrentExecutions");
        }
    }

    @Test
    void floodsAreBoundedWhereTheyWouldHurt() {
        // the asynchronous, fan-out-prone functions are capped; the API functions are bounded by API throttling
        assertThat(FunctionCatalog.ingestion().reservedConcurrency()).hasValue(10);
        assertThat(FunctionCatalog.metricFlush().reservedConcurrency()).hasValue(4);
        assertThat(FunctionCatalog.tracking().reservedConcurrency()).isEmpty();
        assertThat(FunctionCatalog.registry().reservedConcurrency()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void theLiveAliasPointsAtThePublishedVersion(FunctionSpec spec) {
        Map<String, Object> alias = template().properties(aliasId(spec));
        assertThat(alias.get("Name")).isEqualTo(DeployedFunction.ALIAS);
        String version = referenced(alias.get("FunctionVersion"));
        assertThat(template().type(version)).isEqualTo("AWS::Lambda::Version");
        assertThat(referenced(template().properties(version).get("FunctionName"))).isEqualTo(functionId(spec));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void hasItsOwnRoleAndLogGroup(FunctionSpec spec) {
        Map<String, Object> fn = template().properties(functionId(spec));
        String role = referenced(fn.get("Role"));
        assertThat(template().type(role)).isEqualTo("AWS::IAM::Role");
        long sharing = template().ofType("AWS::Lambda::Function").values().stream()
                .filter(other -> role.equals(referenced(TemplateJson.properties(other).get("Role")))).count();
        assertThat(sharing).as("functions using %s's role", spec.module()).isEqualTo(1);
        String logGroup = referenced(map(fn.get("LoggingConfig")).get("LogGroup"));
        Map<String, Object> logs = template().properties(logGroup);
        assertThat(logs.get("LogGroupName")).isEqualTo("/aws/lambda/" + NAMES.function(spec.module()));
        assertThat(logs.get("RetentionInDays")).isEqualTo(30);
    }

    @ParameterizedTest
    @MethodSource("specs")
    void asynchronousTriggersRetryThenGoToAnEncryptedDeadLetterQueue(FunctionSpec spec) {
        Map<String, Map<String, Object>> configs = template().ofType("AWS::Lambda::EventInvokeConfig");
        List<Map<String, Object>> mine = configs.values().stream().map(TemplateJson::properties)
                .filter(c -> functionId(spec).equals(referenced(c.get("FunctionName")))).toList();
        if (!spec.hasAsynchronousTriggers()) {
            assertThat(mine).isEmpty();
            return;
        }
        assertThat(mine).hasSize(1);
        Map<String, Object> config = mine.getFirst();
        assertThat(config.get("Qualifier")).isEqualTo(DeployedFunction.ALIAS);
        assertThat(config.get("MaximumRetryAttempts")).isEqualTo(2);
        assertThat(config.get("MaximumEventAgeInSeconds")).isEqualTo(21600);
        String queue = referenced(map(map(config.get("DestinationConfig")).get("OnFailure")).get("Destination"));
        Map<String, Object> dlq = template().properties(queue);
        assertThat(dlq.get("QueueName")).isEqualTo(NAMES.function(spec.module()) + "-dlq");
        assertThat(dlq.get("SqsManagedSseEnabled")).isEqualTo(true);
        assertThat(dlq.get("MessageRetentionPeriod")).isEqualTo(14 * 24 * 3600);
    }

    /**
     * Every way into a function (API integration, invoke permission, rule target, bucket notification) names the
     * alias: the published SnapStart version serves all traffic, never $LATEST.
     */
    @Test
    void everyTriggerTargetsAnAlias() {
        TemplateJson t = template();
        List<Object> targets = new java.util.ArrayList<>();
        t.ofType("AWS::Lambda::Permission").values()
                .forEach(p -> targets.add(TemplateJson.properties(p).get("FunctionName")));
        t.ofType("AWS::ApiGatewayV2::Integration").values()
                .forEach(i -> targets.add(TemplateJson.properties(i).get("IntegrationUri")));
        t.ofType("AWS::Events::Rule").values().forEach(r -> list(TemplateJson.properties(r).get("Targets"))
                .forEach(target -> targets.add(map(target).get("Arn"))));
        t.ofType("AWS::S3::Bucket").values().forEach(b -> {
            Object notifications = TemplateJson.properties(b).get("NotificationConfiguration");
            if (notifications != null) {
                list(map(notifications).get("LambdaConfigurations"))
                        .forEach(c -> targets.add(map(c).get("Function")));
            }
        });
        // 7 routes' permissions + 1 S3 permission + 2 rule permissions, 2 integrations, 2 rules, 1 notification
        assertThat(targets).hasSizeGreaterThanOrEqualTo(15);
        for (Object target : targets) {
            assertThat(referenced(target)).as("target %s", target).isNotNull();
            assertThat(t.type(referenced(target))).as("target %s", target).isEqualTo("AWS::Lambda::Alias");
        }
    }

    @Test
    void s3NotificationsUnderTheIngestionPrefixInvokeIngestion() {
        Map<String, Object> bucket = template().properties(template().idWhere("AWS::S3::Bucket", "BucketName",
                NAMES.deployedBucket(TestStacks.ACCOUNT, TestStacks.REGION)));
        List<Object> configs = list(map(bucket.get("NotificationConfiguration")).get("LambdaConfigurations"));
        assertThat(configs).hasSize(1);
        Map<String, Object> config = map(configs.getFirst());
        assertThat(config.get("Event")).isEqualTo("s3:ObjectCreated:*");
        assertThat(config.get("Filter")).isEqualTo(Map.of("S3Key", Map.of("Rules",
                List.of(Map.of("Name", "prefix", "Value", ResourceNames.INGESTION_PREFIX)))));
        assertThat(referenced(config.get("Function"))).isEqualTo(aliasId(FunctionCatalog.ingestion()));
        Map<String, Object> permission = template().ofType("AWS::Lambda::Permission").values().stream()
                .map(TemplateJson::properties).filter(p -> "s3.amazonaws.com".equals(p.get("Principal")))
                .findFirst().orElseThrow();
        assertThat(permission.get("SourceAccount")).isEqualTo(TestStacks.ACCOUNT);
        assertThat(permission.get("SourceArn").toString()).contains(":s3:::",
                NAMES.deployedBucket(TestStacks.ACCOUNT, TestStacks.REGION));
        // no CDK notification custom resource (its handler would need s3:PutBucketNotification on "*")
        assertThat(template().ofType("Custom::S3BucketNotifications")).isEmpty();
    }
}

package dev.mlops.infra;

import static dev.mlops.infra.TemplateJson.list;
import static dev.mlops.infra.TemplateJson.map;
import static dev.mlops.infra.TemplateJson.referenced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.ResourceNames;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Alarms on function errors and throttles, dead-letter depth, DynamoDB throttling and API 5xx; a dashboard; outputs. */
class ObservabilityTest {

    private static final ResourceNames NAMES = ResourceNames.forStage(TestStacks.STAGE);

    private static TemplateJson template() {
        return TestStacks.standardJson();
    }

    private static Map<String, Map<String, Object>> alarmsByName() {
        return template().ofType("AWS::CloudWatch::Alarm").values().stream().map(TemplateJson::properties)
                .collect(Collectors.toMap(a -> (String) a.get("AlarmName"), a -> a));
    }

    @Test
    void everyFunctionAlarmsOnErrorsAndThrottles() {
        Map<String, Map<String, Object>> alarms = alarmsByName();
        for (FunctionSpec spec : FunctionCatalog.all()) {
            String fn = NAMES.function(spec.module());
            assertMetricAlarm(alarms.get(fn + "-errors"), "AWS/Lambda", "Errors", "FunctionName", fn);
            assertMetricAlarm(alarms.get(fn + "-throttles"), "AWS/Lambda", "Throttles", "FunctionName", fn);
            if (spec.hasAsynchronousTriggers()) {
                assertMetricAlarm(alarms.get(fn + "-dead-letters"), "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                        "QueueName", null);
            }
        }
    }

    @Test
    void everyTableAlarmsOnThrottledReadsAndWrites() {
        Map<String, Map<String, Object>> alarms = alarmsByName();
        for (var table : dev.mlops.aws.dynamo.DynamoTables.of(NAMES).definitions()) {
            Map<String, Object> alarm = alarms.get(table.name() + "-table-throttles");
            assertThat(alarm).as("throttle alarm of %s", table.name()).isNotNull();
            String metrics = alarm.get("Metrics").toString();
            assertThat(metrics).contains("reads + writes", "ReadThrottleEvents", "WriteThrottleEvents",
                    "AWS/DynamoDB");
            assertNotifiesTopic(alarm);
        }
    }

    @Test
    void theApiAlarmsOnServerErrors() {
        Map<String, Object> alarm = alarmsByName().get(NAMES.prefix() + "-api-5xx");
        assertThat(alarm.get("MetricName")).isEqualTo("5xx");
        assertThat(alarm.get("Threshold")).isEqualTo(Observability.API_SERVER_ERRORS);
        assertNotifiesTopic(alarm);
    }

    @Test
    void aDashboardShowsTheSameSignals() {
        Map<String, Object> dashboard = template().ofType("AWS::CloudWatch::Dashboard").values().stream()
                .map(TemplateJson::properties).findFirst().orElseThrow();
        assertThat(dashboard.get("DashboardName")).isEqualTo(NAMES.prefix());
        String body = dashboard.get("DashboardBody").toString();
        assertThat(body).contains("ConcurrentExecutions", "ApproximateNumberOfMessagesVisible",
                "ConsumedWriteCapacityUnits", "Latency", "5xx");
        FunctionCatalog.all().forEach(spec -> assertThat(body).contains(NAMES.function(spec.module())));
    }

    @Test
    void outputsNameWhatAUserNeeds() {
        Map<String, Object> outputs = map(template().json().get("Outputs"));
        assertThat(outputs).containsKeys("ApiUrl", "ApiClientPolicyArn", "ApiOperatorPolicyArn", "BucketName",
                "WebhookKeySecretArn", "SearchTableName", "AuditTableName", "MetadataTableName",
                "MetricsTableName", "RegistryTableName", "EventBusName", "DatabricksSecretArn", "AlarmTopicArn");
        assertThat(map(outputs.get("BucketName")).get("Value").toString())
                .contains(template().idWhere("AWS::S3::Bucket", "BucketName",
                        NAMES.deployedBucket(TestStacks.ACCOUNT, TestStacks.REGION)));
        Object url = map(outputs.get("ApiUrl")).get("Value");
        assertThat(template().type(referenced(url))).isEqualTo("AWS::ApiGatewayV2::Api");
        assertThat(url.toString()).contains("ApiEndpoint");
    }

    private static void assertMetricAlarm(Map<String, Object> alarm, String namespace, String metric,
                                          String dimension, String value) {
        assertThat(alarm).as("alarm on %s %s", metric, value).isNotNull();
        assertThat(alarm.get("Namespace")).isEqualTo(namespace);
        assertThat(alarm.get("MetricName")).isEqualTo(metric);
        assertThat(alarm.get("Threshold")).isEqualTo(1);
        assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanOrEqualToThreshold");
        assertThat(alarm.get("TreatMissingData")).isEqualTo("notBreaching");
        Map<String, Object> dim = map(list(alarm.get("Dimensions")).getFirst());
        assertThat(dim.get("Name")).isEqualTo(dimension);
        if (value != null) {
            assertThat(referenced(dim.get("Value"))).isNotNull();
            assertThat(template().properties(referenced(dim.get("Value"))).get("FunctionName")).isEqualTo(value);
        }
        assertNotifiesTopic(alarm);
    }

    private static void assertNotifiesTopic(Map<String, Object> alarm) {
        List<Object> actions = list(alarm.get("AlarmActions"));
        assertThat(actions).hasSize(1);
        assertThat(template().type(referenced(actions.getFirst()))).isEqualTo("AWS::SNS::Topic");
    }
}

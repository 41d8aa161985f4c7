package dev.mlops.infra;

import dev.mlops.aws.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms on what needs a person: function errors and throttles, events in a dead-letter queue, DynamoDB
 * throttling, and server errors at the API; all notify one topic. A dashboard shows the same signals over time.
 */
public final class Observability extends Construct {

    static final Duration PERIOD = Duration.minutes(5);
    /** A handful of 5xx in five minutes is a fault; a single one may be a client's malformed multipart upload. */
    static final int API_SERVER_ERRORS = 5;

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();

    public Observability(Construct scope, String id, ResourceNames names, StageOptions options, DataStores stores,
                         List<DeployedFunction> functions, Optional<HttpFrontDoor> frontDoor) {
        super(scope, id);
        this.topic = Topic.Builder.create(this, "AlarmTopic").topicName(names.prefix() + "-alarms")
                .enforceSsl(true).build();
        options.alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(PERIOD).build();
        MetricOptions max = MetricOptions.builder().statistic("Maximum").period(PERIOD).build();
        List<IWidget> widgets = new ArrayList<>();

        frontDoor.ifPresent(door -> {
            alarm("ApiServerErrors", names.prefix() + "-api-5xx", door.api().metricServerError(sum),
                    API_SERVER_ERRORS, "The API answered 5xx (function errors, timeouts, or integration failures)");
            widgets.add(graph("API requests and errors", List.of(door.api().metricCount(sum),
                    door.api().metricClientError(sum), door.api().metricServerError(sum))));
            widgets.add(graph("API latency (p50, p99)", List.of(
                    door.api().metricLatency(MetricOptions.builder().statistic("p50").period(PERIOD).build()),
                    door.api().metricLatency(MetricOptions.builder().statistic("p99").period(PERIOD).build()))));
        });

        for (DeployedFunction deployed : functions) {
            String name = DeployedFunction.idOf(deployed.spec().module());
            String fn = names.function(deployed.spec().module());
            alarm(name + "Errors", fn + "-errors", deployed.function().metricErrors(sum), 1,
                    "The function failed an invocation (see its log group)");
            alarm(name + "Throttles", fn + "-throttles", deployed.function().metricThrottles(sum), 1,
                    "Invocations were throttled (reserved or account concurrency exhausted)");
            widgets.add(graph(fn + ": invocations, errors, throttles", List.of(
                    deployed.function().metricInvocations(sum), deployed.function().metricErrors(sum),
                    deployed.function().metricThrottles(sum))));
            widgets.add(graph(fn + ": duration (p99) and concurrency", List.of(
                    deployed.function().metricDuration(MetricOptions.builder().statistic("p99").period(PERIOD)
                            .build()),
                    deployed.function().metric("ConcurrentExecutions", max))));
            deployed.deadLetters().ifPresent(queue -> {
                alarm(name + "DeadLetters", fn + "-dead-letters", queue.metricApproximateNumberOfMessagesVisible(max),
                        1, "Events " + fn + " could not process are waiting in " + fn + "-dlq");
                widgets.add(graph(fn + "-dlq: messages", List.of(queue.metricApproximateNumberOfMessagesVisible(max))));
            });
        }

        for (Map.Entry<String, Table> entry : stores.tables().entrySet()) {
            Table table = entry.getValue();
            String tableName = entry.getKey();
            String tableId = DataStores.tableId(names, tableName);
            MathExpression throttles = MathExpression.Builder.create()
                    .expression("reads + writes")
                    .usingMetrics(Map.of("reads", table.metric("ReadThrottleEvents", sum),
                            "writes", table.metric("WriteThrottleEvents", sum)))
                    .label(tableName + " throttled requests")
                    .period(PERIOD)
                    .build();
            alarm(tableId + "TableThrottles", tableName + "-table-throttles", throttles, 1,
                    "DynamoDB throttled requests on " + tableName + " (a hot partition or index)");
            widgets.add(graph(tableName + ": consumed capacity and throttles", List.of(
                    table.metricConsumedReadCapacityUnits(sum), table.metricConsumedWriteCapacityUnits(sum),
                    throttles)));
        }

        Dashboard.Builder.create(this, "Dashboard").dashboardName(names.prefix())
                .widgets(rows(widgets)).build();
    }

    public Topic topic() {
        return topic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    private void alarm(String id, String name, IMetric metric, int threshold, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                // no traffic is not a fault
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.add(alarm);
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).height(6).build();
    }

    /** Two graphs per dashboard row. */
    private static List<List<IWidget>> rows(List<IWidget> widgets) {
        List<List<IWidget>> rows = new ArrayList<>();
        for (int i = 0; i < widgets.size(); i += 2) {
            rows.add(widgets.subList(i, Math.min(widgets.size(), i + 2)));
        }
        return rows;
    }
}

package dev.mlops.infra;

import dev.mlops.aws.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.constructs.Construct;

/**
 * The asynchronous triggers: S3 notifications of the bucket, rules on the stage's bus, and schedules. All target
 * the function's {@code live} alias; failed deliveries land in its dead-letter queue.
 */
public final class EventTriggers extends Construct {

    private final List<Rule> rules = new ArrayList<>();

    public EventTriggers(Construct scope, String id, ResourceNames names, DataStores stores,
                         List<DeployedFunction> functions) {
        super(scope, id);
        List<CfnBucket.LambdaConfigurationProperty> notifications = new ArrayList<>();
        for (DeployedFunction function : functions) {
            for (Trigger trigger : function.spec().triggers()) {
                switch (trigger) {
                    case Trigger.HttpRoutes routes -> {
                        // HttpFrontDoor wires these
                    }
                    case Trigger.ObjectCreated created -> notifications.add(
                            objectCreated(function, created, stores));
                    case Trigger.BusEvents events -> rules.add(Rule.Builder.create(this,
                                    DeployedFunction.idOf(events.name()) + "Rule")
                            .ruleName(names.prefix() + "-" + events.name())
                            .description("Domain events " + events.detailTypes() + " to " + function.spec().module())
                            .eventBus(stores.bus())
                            .eventPattern(EventPattern.builder().source(List.of(ResourceNames.EVENT_SOURCE))
                                    .detailType(events.detailTypes()).build())
                            .targets(List.of(target(function)))
                            .build());
                    case Trigger.Schedule schedule -> rules.add(Rule.Builder.create(this,
                                    DeployedFunction.idOf(schedule.name()) + "Schedule")
                            .ruleName(names.prefix() + "-" + schedule.name() + "-schedule")
                            .description(schedule.expression() + " to " + function.spec().module())
                            .schedule(Schedule.expression(schedule.expression()))
                            .targets(List.of(target(function)))
                            .build());
                }
            }
        }
        if (!notifications.isEmpty()) {
            // Declared on the bucket itself rather than through CDK's notification custom resource, whose
            // handler role would need s3:PutBucketNotification on Resource "*".
            CfnBucket bucket = (CfnBucket) stores.bucket().getNode().getDefaultChild();
            bucket.setNotificationConfiguration(CfnBucket.NotificationConfigurationProperty.builder()
                    .lambdaConfigurations(notifications).build());
        }
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    private CfnBucket.LambdaConfigurationProperty objectCreated(DeployedFunction function,
                                                                 Trigger.ObjectCreated created, DataStores stores) {
        // S3 checks at bucket creation that it may invoke the function, so the permission comes first, and it
        // names the bucket by its ARN string: no reference back to the bucket, no cycle.
        CfnPermission permission = CfnPermission.Builder.create(this,
                        DeployedFunction.idOf(function.spec().module()) + "S3Permission")
                .action("lambda:InvokeFunction")
                .functionName(function.alias().getFunctionArn())
                .principal("s3.amazonaws.com")
                .sourceArn(stores.bucketArnByName())
                .sourceAccount(Stack.of(this).getAccount())
                .build();
        stores.bucket().getNode().addDependency(permission);
        return CfnBucket.LambdaConfigurationProperty.builder()
                .event("s3:ObjectCreated:*")
                .function(function.alias().getFunctionArn())
                .filter(CfnBucket.NotificationFilterProperty.builder()
                        .s3Key(CfnBucket.S3KeyFilterProperty.builder()
                                .rules(List.of(CfnBucket.FilterRuleProperty.builder()
                                        .name("prefix").value(created.keyPrefix()).build()))
                                .build())
                        .build())
                .build();
    }

    /** The rule target: the alias, EventBridge's own retries, and the same dead-letter queue for what it cannot deliver. */
    private static LambdaFunction target(DeployedFunction function) {
        LambdaFunction.Builder target = LambdaFunction.Builder.create(function.alias())
                .retryAttempts(DeployedFunction.ASYNC_RETRIES)
                .maxEventAge(Duration.hours(6));
        function.deadLetters().ifPresent(target::deadLetterQueue);
        return target.build();
    }
}

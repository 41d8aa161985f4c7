package dev.mlops.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnEventInvokeConfig;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * One function as deployed: its own role (only the spec's access, its log group, its dead-letter queue), its log
 * group, the Java 21 arm64 function with SnapStart, the published version and the {@code live} alias that every
 * trigger invokes, and for asynchronous triggers the on-failure destination.
 */
public final class DeployedFunction extends Construct {

    /** Quarkus's handler for both API Gateway and plain event functions ({@code quarkus.lambda.handler} picks). */
    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    public static final String ALIAS = "live";
    /** Asynchronous events are retried twice, for at most six hours, then go to the dead-letter queue. */
    static final int ASYNC_RETRIES = 2;
    static final Duration MAX_EVENT_AGE = Duration.hours(6);
    /** Failed events stay in the dead-letter queue for the longest time SQS allows. */
    static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

    private final FunctionSpec spec;
    private final Role role;
    private final Function function;
    private final Alias alias;
    private final Optional<Queue> deadLetters;

    public DeployedFunction(Construct scope, FunctionSpec spec, String functionName, Map<String, String> environment,
                            DataStores stores, StageOptions stage) {
        super(scope, idOf(spec.module()));
        this.spec = spec;
        Path zip = stage.repositoryRoot().resolve("functions").resolve(spec.module()).resolve("target")
                .resolve("function.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("No " + zip + ": build the functions first (./mvnw install, or "
                    + "./mlops deploy, which builds them)");
        }

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/lambda/" + functionName)
                .retention(stage.ephemeral() ? RetentionDays.ONE_WEEK : RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.deadLetters = spec.hasAsynchronousTriggers()
                ? Optional.of(Queue.Builder.create(this, "DeadLetters")
                        .queueName(functionName + "-dlq")
                        .retentionPeriod(DEAD_LETTER_RETENTION)
                        .encryption(QueueEncryption.SQS_MANAGED)
                        .enforceSsl(true)
                        .build())
                : Optional.empty();

        List<PolicyStatement> statements = new ArrayList<>(Permissions.statements(spec.access(), stores));
        // the runtime writes the function's logs; the log group exists already, so no CreateLogGroup
        statements.add(Permissions.allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                logs.getLogGroupArn()));
        // Lambda sends failed asynchronous events to the on-failure destination with the function's role
        deadLetters.ifPresent(q -> statements.add(Permissions.allow(List.of("sqs:SendMessage"), q.getQueueArn())));
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Execution role of " + functionName + ": only what its code calls")
                .inlinePolicies(Map.of("access", PolicyDocument.Builder.create().statements(statements).build()))
                .build();

        Function.Builder builder = Function.Builder.create(this, "Function")
                .functionName(functionName)
                .description(spec.description())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(Code.fromAsset(zip.toString()))
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeout().toSeconds()))
                .role(role)
                .logGroup(logs)
                .environment(environment)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        if (stage.reserveConcurrency()) {
            spec.reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        }
        this.function = builder.build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every trigger invokes the live alias, which points at a published version");
        // SnapStart snapshots published versions only; the alias moves to the new version on every deploy
        this.alias = Alias.Builder.create(this, "Alias").aliasName(ALIAS).version(function.getCurrentVersion())
                .build();

        deadLetters.ifPresent(queue -> {
            CfnEventInvokeConfig config = CfnEventInvokeConfig.Builder.create(this, "AsyncConfig")
                    .functionName(function.getFunctionName())
                    .qualifier(ALIAS)
                    .maximumRetryAttempts(ASYNC_RETRIES)
                    .maximumEventAgeInSeconds(MAX_EVENT_AGE.toSeconds())
                    .destinationConfig(CfnEventInvokeConfig.DestinationConfigProperty.builder()
                            .onFailure(CfnEventInvokeConfig.OnFailureProperty.builder()
                                    .destination(queue.getQueueArn()).build())
                            .build())
                    .build();
            config.getNode().addDependency(alias);
        });
    }

    /** Construct id of a module: {@code metric-flush} becomes {@code MetricFlush}. */
    static String idOf(String module) {
        StringBuilder id = new StringBuilder();
        for (String part : module.split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString();
    }

    public FunctionSpec spec() {
        return spec;
    }

    public Role role() {
        return role;
    }

    public Function function() {
        return function;
    }

    public Alias alias() {
        return alias;
    }

    public Optional<Queue> deadLetters() {
        return deadLetters;
    }
}

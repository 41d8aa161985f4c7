package dev.mlops.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.ResourceNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The HTTP API (API Gateway v2) in front of the HTTP functions: one route per path of each function's
 * {@link Trigger.HttpRoutes} (API Gateway picks the most specific match), IAM (SigV4) authorization by default or a
 * JWT authorizer, stage-wide and per-route throttling, and JSON access logs.
 */
public final class HttpFrontDoor extends Construct {

    /** Stage-wide limits; each route has its own, lower ones from its trigger. */
    static final int STAGE_RATE_LIMIT = 1000;
    static final int STAGE_BURST_LIMIT = 2000;

    private final HttpApi api;
    private final HttpStage stage;
    private final Optional<ManagedPolicy> clientPolicy;
    private final Optional<ManagedPolicy> operatorPolicy;

    public HttpFrontDoor(Construct scope, String id, ResourceNames names, StageOptions options,
                         List<DeployedFunction> functions) {
        super(scope, id);
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .logGroupName("/aws/vendedlogs/apigateway/" + names.prefix() + "-api")
                .retention(options.ephemeral() ? RetentionDays.ONE_WEEK : RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        IHttpRouteAuthorizer authorizer = switch (options.auth()) {
            case StageOptions.ApiAuth.Iam iam -> new HttpIamAuthorizer();
            case StageOptions.ApiAuth.Jwt jwt -> HttpJwtAuthorizer.Builder.create("Jwt", jwt.issuer())
                    .jwtAudience(jwt.audiences()).build();
        };
        this.api = HttpApi.Builder.create(this, "Api")
                .apiName(names.prefix() + "-api")
                .description("MLflow-compatible tracking and model registry API of " + names.prefix())
                .createDefaultStage(false)
                .defaultAuthorizer(authorizer)
                .build();
        this.stage = api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(STAGE_RATE_LIMIT).burstLimit(STAGE_BURST_LIMIT).build())
                .accessLogSettings(new JsonAccessLogs(new LogGroupLogDestination(accessLogs)))
                .build());

        Map<String, Object> routeSettings = new LinkedHashMap<>();
        for (DeployedFunction function : functions) {
            for (Trigger trigger : function.spec().triggers()) {
                if (trigger instanceof Trigger.HttpRoutes routes) {
                    HttpLambdaIntegration integration = new HttpLambdaIntegration(
                            DeployedFunction.idOf(function.spec().module()) + "Integration", function.alias());
                    for (String path : routes.paths()) {
                        AddRoutesOptions.Builder route = AddRoutesOptions.builder().path(path)
                                .methods(List.of(HttpMethod.ANY)).integration(integration);
                        if (routes.operatorOnly()) {
                            // operators sign with their AWS credentials whatever the stage's callers use
                            route.authorizer(new HttpIamAuthorizer());
                        }
                        api.addRoutes(route.build());
                        routeSettings.put("ANY " + path, Map.of("ThrottlingRateLimit", routes.rateLimit(),
                                "ThrottlingBurstLimit", routes.burstLimit()));
                    }
                }
            }
        }
        // the L2 stage sets only the default route settings; per-route limits go on the CloudFormation resource
        ((CfnStage) stage.getNode().getDefaultChild()).addPropertyOverride("RouteSettings", routeSettings);

        // Training jobs' roles attach this to call the API with SigV4 (MLFLOW_TRACKING_AWS_SIGV4=true): MLflow's
        // paths and what the UI calls, not the operators' recovery routes (a training job cannot restore a snapshot)
        this.clientPolicy = options.auth() instanceof StageOptions.ApiAuth.Iam
                ? Optional.of(ManagedPolicy.Builder.create(this, "ClientPolicy")
                        .description("Lets a principal call the " + names.prefix() + " MLflow API (attach it to "
                                + "training jobs' roles)")
                        .statements(List.of(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                                .actions(List.of("execute-api:Invoke"))
                                .resources(CLIENT_PATHS.stream().map(p -> api.arnForExecuteApi("*", p, "$default"))
                                        .toList())
                                .build()))
                        .build())
                : Optional.empty();
        // Operators attach this for the recovery routes (IAM on every stage), the audit search included.
        List<String> operatorPaths = functions.stream().flatMap(f -> f.spec().triggers().stream())
                .filter(t -> t instanceof Trigger.HttpRoutes routes && routes.operatorOnly())
                .flatMap(t -> ((Trigger.HttpRoutes) t).paths().stream()).map(HttpFrontDoor::arnPath).toList();
        this.operatorPolicy = operatorPaths.isEmpty() ? Optional.empty()
                : Optional.of(ManagedPolicy.Builder.create(this, "OperatorPolicy")
                        .description("Lets a principal call the recovery admin routes of " + names.prefix()
                                + " (snapshots, verify, restore, recover, rollback)")
                        .statements(List.of(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                                .actions(List.of("execute-api:Invoke"))
                                .resources(operatorPaths.stream().map(p -> api.arnForExecuteApi("*", p,
                                        "$default")).toList())
                                .build()))
                        .build());
    }

    /**
     * What a training job or the web UI calls: MLflow's REST paths (2.0 and 3.0), artifacts, the UI's ajax-api,
     * GraphQL and downloads, the audit search, /health and /version. The API's /api/{proxy+} route would let a
     * broader grant reach /api/2.0/mlops/* as well, so the grant lists paths instead.
     */
    static final List<String> CLIENT_PATHS = List.of("/api/2.0/mlflow/*", "/api/2.0/mlflow-artifacts/*",
            "/api/3.0/mlflow/*", "/api/2.0/mlops/audit/*", "/ajax-api/*", "/graphql", "/get-artifact",
            "/model-versions/get-artifact", "/health", "/version");

    /** A route path as execute-api ARNs write it: {@code /api/2.0/mlops/{proxy+}} becomes {@code /api/2.0/mlops/*}. */
    static String arnPath(String route) {
        return route.replace("{proxy+}", "*");
    }

    public Optional<ManagedPolicy> operatorPolicy() {
        return operatorPolicy;
    }

    public HttpApi api() {
        return api;
    }

    public HttpStage stage() {
        return stage;
    }

    /** The URL MLFLOW_TRACKING_URI points at. */
    public String url() {
        return api.getApiEndpoint();
    }

    public Optional<ManagedPolicy> clientPolicy() {
        return clientPolicy;
    }

    /**
     * One JSON object per request. Every value is quoted: a field API Gateway cannot fill is written as "-",
     * which would break a bare number.
     */
    static String accessLogFormat() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("requestId", "$context.requestId");
        fields.put("requestTime", "$context.requestTime");
        fields.put("ip", "$context.identity.sourceIp");
        fields.put("userAgent", "$context.identity.userAgent");
        fields.put("caller", "$context.identity.userArn");
        fields.put("jwtSubject", "$context.authorizer.claims.sub");
        fields.put("httpMethod", "$context.httpMethod");
        fields.put("routeKey", "$context.routeKey");
        fields.put("path", "$context.path");
        fields.put("status", "$context.status");
        fields.put("protocol", "$context.protocol");
        fields.put("responseLength", "$context.responseLength");
        fields.put("responseLatency", "$context.responseLatency");
        fields.put("integrationLatency", "$context.integrationLatency");
        fields.put("integrationStatus", "$context.integrationStatus");
        fields.put("integrationError", "$context.integrationErrorMessage");
        fields.put("authorizerError", "$context.authorizer.error");
        fields.put("error", "$context.error.message");
        try {
            return new ObjectMapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The stage's access log settings: JSON lines into the access log group. A plain class, not a record: jsii
     * would take a record's {@code destination()} accessor for an override of the property of that name.
     */
    private static final class JsonAccessLogs implements IAccessLogSettings {
        private final IAccessLogDestination logDestination;

        JsonAccessLogs(IAccessLogDestination logDestination) {
            this.logDestination = logDestination;
        }

        @Override
        public IAccessLogDestination getDestination() {
            return logDestination;
        }

        @Override
        public AccessLogFormat getFormat() {
            return AccessLogFormat.custom(accessLogFormat());
        }
    }
}

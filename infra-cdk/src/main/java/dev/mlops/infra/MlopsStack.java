package dev.mlops.infra;

import dev.mlops.aws.ResourceNames;
import dev.mlops.aws.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * One stage of the product: {@code mlops-<stage>}. Data ({@link DataStores}), one {@link DeployedFunction} per
 * {@link FunctionSpec}, the HTTP API, the event triggers, alarms and a dashboard, and the outputs a user needs.
 */
public final class MlopsStack extends Stack {

    private final ResourceNames names;
    private final DataStores stores;
    private final List<DeployedFunction> functions = new ArrayList<>();
    private final Optional<HttpFrontDoor> frontDoor;
    private final Observability observability;

    public MlopsStack(Construct scope, String id, StackProps props, StageOptions options, List<FunctionSpec> specs) {
        super(scope, id, props);
        this.names = ResourceNames.forStage(options.stage());
        Tags.of(this).add("project", "mlops");
        Tags.of(this).add("mlops:stage", options.stage());

        String bucketName = names.deployedBucket(getAccount(), getRegion());
        this.stores = new DataStores(this, "Data", names, bucketName, options);
        for (FunctionSpec spec : specs) {
            functions.add(new DeployedFunction(this, spec, names.function(spec.module()),
                    functionEnvironment(spec, bucketName), stores, options));
        }
        boolean http = specs.stream().flatMap(s -> s.triggers().stream()).anyMatch(Trigger.HttpRoutes.class::isInstance);
        this.frontDoor = http ? Optional.of(new HttpFrontDoor(this, "Http", names, options, functions))
                : Optional.empty();
        new EventTriggers(this, "Triggers", names, stores, functions);
        this.observability = new Observability(this, "Observability", names, options, stores, functions,
                frontDoor);

        frontDoor.ifPresent(door -> {
            output("ApiUrl", door.url(), "MLFLOW_TRACKING_URI for training jobs");
            door.clientPolicy().ifPresent(policy -> output("ApiClientPolicyArn", policy.getManagedPolicyArn(),
                    "Attach to a training job's role to call the API with SigV4"));
            door.operatorPolicy().ifPresent(policy -> output("ApiOperatorPolicyArn", policy.getManagedPolicyArn(),
                    "Attach to an operator's role for the recovery admin routes (/api/2.0/mlops/*)"));
        });
        output("BucketName", stores.bucket().getBucketName(), "Artifacts (mlflow/), metric lake (lake/), ingestion ("
                + ResourceNames.INGESTION_PREFIX + ")");
        stores.tables().forEach((name, table) -> output(
                DataStores.tableId(names, name) + "TableName",
                table.getTableName(), "DynamoDB table"));
        output("EventBusName", stores.bus().getEventBusName(), "Domain events (source " + ResourceNames.EVENT_SOURCE
                + ")");
        output("DatabricksSecretArn", stores.databricksSecret().getSecretArn(), "Databricks credentials (JSON)");
        output("WebhookKeySecretArn", stores.secret(Access.Secret.WEBHOOK_KEY).getSecretArn(),
                "Seals MLflow webhook secrets (generated; keep it)");
        output("AlarmTopicArn", observability.topic().getTopicArn(), "Subscribe to receive alarms");
    }

    /**
     * The environment of one function: exactly the settings its spec names, with the values of this stage.
     * {@code StackSettingsTest} proves each is a setting the function's code reads and none it needs is missing.
     */
    Map<String, String> functionEnvironment(FunctionSpec spec, String bucketName) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Setting setting : spec.settings()) {
            environment.put(setting.envVar(), switch (setting) {
                case PREFIX -> names.prefix();
                case BUCKET -> bucketName;
                case REGION -> getRegion();
                case INGESTION_PREFIX -> ResourceNames.INGESTION_PREFIX;
                case DATABRICKS_SECRET_ID -> Access.Secret.DATABRICKS.secretName(names);
                case WEBHOOK_KEY_SECRET_ID -> Access.Secret.WEBHOOK_KEY.secretName(names);
            });
        }
        return environment;
    }

    public ResourceNames names() {
        return names;
    }

    public DataStores stores() {
        return stores;
    }

    public List<DeployedFunction> functions() {
        return List.copyOf(functions);
    }

    public Optional<HttpFrontDoor> frontDoor() {
        return frontDoor;
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}

package dev.mlops.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: one stack, {@code mlops-<stage>}, for the stage named in context ({@code -c stage=...}, see
 * {@link StageOptions#fromContext}). Environment-agnostic: synthesizes with no account and no network; the account
 * and region come from the deploying credentials.
 */
public final class MlopsApp {

    private MlopsApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        StageOptions options = StageOptions.fromContext(app.getNode());
        new MlopsStack(app, stackName(options.stage()), StackProps.builder()
                .stackName(stackName(options.stage()))
                .description("mlops (" + options.stage() + "): serverless MLflow-compatible tracking and registry"
                        + (options.ephemeral() ? ", ephemeral" : ""))
                .build(), options, FunctionCatalog.all());
        app.synth();
    }

    public static String stackName(String stage) {
        return "mlops-" + stage;
    }
}

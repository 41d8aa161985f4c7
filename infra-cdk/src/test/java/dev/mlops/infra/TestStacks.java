package dev.mlops.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Builds stacks for the tests: a fixed account and region so names are literals, and assets left where they are
 * (no copy of the zips per synthesis). jsii starts Node once per JVM (about 20 s); each test class builds one App.
 */
final class TestStacks {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String STAGE = "test";

    private static MlopsStack standard;
    private static Template standardTemplate;

    private TestStacks() {
    }

    /**
     * The default stage (IAM auth, retained data) with the real catalog, synthesized once per JVM and shared by
     * the test classes that only read it.
     */
    static synchronized Template standardTemplate() {
        if (standardTemplate == null) {
            standard = stack(options());
            standardTemplate = Template.fromStack(standard);
        }
        return standardTemplate;
    }

    static synchronized MlopsStack standardStack() {
        standardTemplate();
        return standard;
    }

    static TemplateJson standardJson() {
        return new TemplateJson(standardTemplate().toJSON());
    }

    static Path repositoryRoot() {
        String root = System.getProperty("mlops.repository.root");
        return (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent()).toAbsolutePath()
                .normalize();
    }

    static StageOptions options() {
        return StageOptions.defaults(STAGE, repositoryRoot());
    }

    static MlopsStack stack(StageOptions options) {
        return stack(options, FunctionCatalog.all());
    }

    static MlopsStack stack(StageOptions options, List<FunctionSpec> specs) {
        App app = new App(AppProps.builder().context(Map.of("aws:cdk:disable-asset-staging", true)).build());
        return new MlopsStack(app, MlopsApp.stackName(options.stage()), StackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region(REGION).build()).build(), options, specs);
    }

    static Template template(MlopsStack stack) {
        return Template.fromStack(stack);
    }

    static StageOptions withAuth(StageOptions.ApiAuth auth) {
        StageOptions o = options();
        return new StageOptions(o.stage(), o.ephemeral(), auth, o.alarmEmail(), o.reserveConcurrency(),
                o.repositoryRoot());
    }

    static StageOptions ephemeral(String stage) {
        StageOptions o = options();
        return new StageOptions(stage, true, o.auth(), Optional.of("ops@example.com"), false, o.repositoryRoot());
    }
}

package dev.mlops.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.ResourceNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a stage option changes: an ephemeral stage destroys its data, a JWT stage authenticates with tokens. */
class StageVariantsTest {

    private static TemplateJson ephemeral;
    private static TemplateJson jwt;

    @BeforeAll
    static void synthesize() {
        ephemeral = new TemplateJson(TestStacks.template(TestStacks.stack(TestStacks.ephemeral("pr-7"))).toJSON());
        jwt = new TemplateJson(TestStacks.template(TestStacks.stack(TestStacks.withAuth(
                new StageOptions.ApiAuth.Jwt("https://login.example.com/", List.of("mlops-api"))))).toJSON());
    }

    @Test
    void anEphemeralStageDeletesItsTablesAndEmptiesItsBucket() {
        ResourceNames names = ResourceNames.forStage("pr-7");
        ephemeral.ofType("AWS::DynamoDB::Table").values().forEach(table -> {
            assertThat(table.get("DeletionPolicy")).isEqualTo("Delete");
            assertThat(TemplateJson.properties(table).get("DeletionProtectionEnabled")).isEqualTo(false);
            assertThat(TemplateJson.properties(table).get("TableName").toString()).startsWith(names.prefix() + "-");
        });
        Map<String, Object> bucket = ephemeral.resource(ephemeral.idWhere("AWS::S3::Bucket", "BucketName",
                names.deployedBucket(TestStacks.ACCOUNT, TestStacks.REGION)));
        assertThat(bucket.get("DeletionPolicy")).isEqualTo("Delete");
        assertThat(ephemeral.ofType("Custom::S3AutoDeleteObjects")).hasSize(1);
        assertThat(ephemeral.ofType("AWS::SecretsManager::Secret").values())
                .allSatisfy(s -> assertThat(s.get("DeletionPolicy")).isEqualTo("Delete"));
        // the one exception to "no Resource *": CDK's bucket-emptying function, whose role carries the AWS managed
        // AWSLambdaBasicExecutionRole (logs on "*"); nothing else in the stage grants a wildcard
        assertThat(IamTable.wildcards(ephemeral)).singleElement().asString()
                .startsWith("CustomS3AutoDeleteObjectsCustomResourceProviderRole")
                .contains("AWSLambdaBasicExecutionRole");
        // its alarms e-mail someone, and it was asked not to reserve concurrency
        assertThat(ephemeral.ofType("AWS::SNS::Subscription").values()).singleElement()
                .satisfies(s -> assertThat(TemplateJson.properties(s)).containsEntry("Protocol", "email"));
        ephemeral.ofType("AWS::Lambda::Function").values().stream()
                .filter(f -> String.valueOf(TemplateJson.properties(f).get("FunctionName")).startsWith(names.prefix()))
                .forEach(f -> assertThat(TemplateJson.properties(f)).doesNotContainKey("ReservedConcurrentExecutions"));
    }

    @Test
    void theDefaultStageHasNoAutoDeleteFunction() {
        assertThat(TestStacks.standardJson().ofType("Custom::S3AutoDeleteObjects")).isEmpty();
        assertThat(TestStacks.standardJson().ofType("AWS::SNS::Subscription")).isEmpty();
    }

    @Test
    void aJwtStageAuthorizesEveryRouteWithTheIssuersTokens() {
        Map<String, Object> authorizer = jwt.ofType("AWS::ApiGatewayV2::Authorizer").values().stream()
                .map(TemplateJson::properties).findFirst().orElseThrow();
        assertThat(authorizer.get("AuthorizerType")).isEqualTo("JWT");
        assertThat(authorizer.get("JwtConfiguration")).isEqualTo(Map.of("Issuer", "https://login.example.com/",
                "Audience", List.of("mlops-api")));
        assertThat(jwt.ofType("AWS::ApiGatewayV2::Route").values()).hasSize((int) FunctionCatalog.all().stream()
                .flatMap(f -> f.triggers().stream()).filter(Trigger.HttpRoutes.class::isInstance)
                .mapToLong(t -> ((Trigger.HttpRoutes) t).paths().size()).sum()).allSatisfy(route -> {
                    Map<String, Object> props = TemplateJson.properties(route);
                    // operators' routes keep SigV4 whatever the stage's callers use
                    assertThat(props.get("AuthorizationType")).as("%s", props.get("RouteKey"))
                            .isEqualTo(props.get("RouteKey").equals("ANY /api/2.0/mlops/{proxy+}") ? "AWS_IAM"
                                    : "JWT");
                });
        // SigV4 callers need the client policy; token callers do not. Operators still sign the admin routes.
        assertThat(jwt.ofType("AWS::IAM::ManagedPolicy").keySet()).singleElement().asString()
                .contains("OperatorPolicy");
    }

    @Test
    void stageNamesThatWouldBreakResourceNamesAreRefused() {
        assertThatThrownBy(() -> StageOptions.defaults("Prod", TestStacks.repositoryRoot()))
                .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> StageOptions.defaults("a-very-long-stage-name", TestStacks.repositoryRoot()))
                .hasMessageContaining("1-12");
        assertThatThrownBy(() -> new StageOptions.ApiAuth.Jwt("http://insecure", List.of("a")))
                .hasMessageContaining("https://");
    }
}

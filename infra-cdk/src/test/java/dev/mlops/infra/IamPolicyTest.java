package dev.mlops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked against a table a reviewer can read: {@code expected-iam.tsv} beside this test lists
 * every (function, action, resource, condition) any function role grants. A change to a role fails here until the
 * table says so too; a wildcard fails here always.
 */
class IamPolicyTest {

    private static final String PREFIX = ResourceNames.forStage(TestStacks.STAGE).prefix();

    @Test
    void everyFunctionRoleGrantsExactlyTheExpectedTable() throws Exception {
        Set<IamTable.Row> actual = IamTable.actual(TestStacks.standardJson(), PREFIX);
        assertThat(differences(IamTable.expected(), actual)).isEmpty();
    }

    @Test
    void noStatementInTheStackGrantsEveryResourceOrAWholeService() {
        // The default stage has none at all: every role is ours and names its resources. (Ephemeral stages add
        // CDK's bucket auto-delete function, whose role carries AWSLambdaBasicExecutionRole; see DataStores.)
        assertThat(IamTable.wildcards(TestStacks.standardJson())).isEmpty();
    }

    @Test
    void aWildcardResourceFailsTheComparison() throws Exception {
        TemplateJson tampered = withExtraStatement("TrackingRole",
                Map.of("Effect", "Allow", "Action", "dynamodb:GetItem", "Resource", "*"));
        List<String> differences = differences(IamTable.expected(), IamTable.actual(tampered, PREFIX));
        assertThat(differences).containsExactly("unexpected: tracking\tdynamodb:GetItem\t*");
        assertThat(IamTable.wildcards(tampered)).singleElement().asString().contains("dynamodb:GetItem");
    }

    @Test
    void aWildcardActionFailsTheComparisonToo() throws Exception {
        TemplateJson tampered = withExtraStatement("IngestionRole", Map.of("Effect", "Allow", "Action", "s3:*",
                "Resource", "arn:aws:s3:::mlops-test-artifacts-123456789012-eu-west-1/incoming/models/*"));
        assertThat(differences(IamTable.expected(), IamTable.actual(tampered, PREFIX)))
                .singleElement().asString().startsWith("unexpected: ingestion\ts3:*");
        assertThat(IamTable.wildcards(tampered)).hasSize(1);
    }

    @Test
    void aMissingGrantFailsTheComparison() throws Exception {
        Set<IamTable.Row> actual = new TreeSet<>(IamTable.actual(TestStacks.standardJson(), PREFIX));
        IamTable.Row dropped = actual.stream().filter(r -> r.action().equals("events:PutEvents")).findFirst()
                .orElseThrow();
        actual.remove(dropped);
        assertThat(differences(IamTable.expected(), actual)).containsExactly("missing: " + dropped);
    }

    /** A deep copy of the template with one more statement in the inline policy of the role whose id starts so. */
    @SuppressWarnings("unchecked")
    private static TemplateJson withExtraStatement(String roleIdPrefix, Map<String, Object> statement) {
        Map<String, Object> copy = new ObjectMapper().convertValue(TestStacks.standardJson().json(), Map.class);
        TemplateJson tampered = new TemplateJson(copy);
        String role = tampered.ofType("AWS::IAM::Role").keySet().stream().filter(id -> id.startsWith(roleIdPrefix))
                .findFirst().orElseThrow();
        Map<String, Object> policy = TemplateJson.map(TemplateJson.list(tampered.properties(role).get("Policies"))
                .getFirst());
        List<Object> statements = new ArrayList<>(TemplateJson.list(TemplateJson.map(policy.get("PolicyDocument"))
                .get("Statement")));
        statements.add(statement);
        TemplateJson.map(policy.get("PolicyDocument")).put("Statement", statements);
        return tampered;
    }

    static List<String> differences(Set<IamTable.Row> expected, Set<IamTable.Row> actual) {
        List<String> differences = new ArrayList<>();
        actual.stream().filter(r -> !expected.contains(r)).forEach(r -> differences.add("unexpected: " + r));
        expected.stream().filter(r -> !actual.contains(r)).forEach(r -> differences.add("missing: " + r));
        return differences;
    }
}

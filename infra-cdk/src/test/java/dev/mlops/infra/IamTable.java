package dev.mlops.infra;

import static dev.mlops.infra.TemplateJson.list;
import static dev.mlops.infra.TemplateJson.map;
import static dev.mlops.infra.TemplateJson.referenced;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Each function role's permissions as rows {@code function, action, resource, condition}, rendered from the
 * template with names instead of logical ids ({@code arn(mlops-test-metadata)/index/*}), so that the expected
 * table beside the tests ({@code expected-iam.tsv}) reads like a review checklist.
 */
final class IamTable {

    static final String EXPECTED = "expected-iam.tsv";

    private IamTable() {
    }

    /** One permission. {@code condition} is empty when the statement has none. */
    record Row(String function, String action, String resource, String condition) implements Comparable<Row> {
        static Row parse(String line) {
            String[] cells = line.split("\t", -1);
            if (cells.length < 3 || cells.length > 4) {
                throw new IllegalArgumentException("expected 3 or 4 tab-separated cells: " + line);
            }
            return new Row(cells[0], cells[1], cells[2], cells.length == 4 ? cells[3] : "");
        }

        @Override
        public String toString() {
            return function + "\t" + action + "\t" + resource + (condition.isEmpty() ? "" : "\t" + condition);
        }

        @Override
        public int compareTo(Row other) {
            return toString().compareTo(other.toString());
        }
    }

    static Set<Row> expected() throws IOException {
        try (InputStream in = IamTable.class.getResourceAsStream(EXPECTED)) {
            if (in == null) {
                throw new IllegalStateException(EXPECTED + " is missing beside IamPolicyTest");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(Row::parse)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Every statement of every function's role: its inline policies, attached policies and managed policies. */
    static Set<Row> actual(TemplateJson template, String prefix) {
        Set<Row> rows = new TreeSet<>();
        template.ofType("AWS::Lambda::Function").values().forEach(fnResource -> {
            Map<String, Object> fn = TemplateJson.properties(fnResource);
            String name = (String) fn.get("FunctionName");
            if (!name.startsWith(prefix + "-")) {
                return; // CDK's own helper functions (ephemeral stages) are checked by the wildcard rule only
            }
            String function = name.substring(prefix.length() + 1);
            String role = referenced(fn.get("Role"));
            for (Map<String, Object> statement : statementsOf(template, role)) {
                if (!"Allow".equals(statement.get("Effect"))) {
                    rows.add(new Row(function, "EFFECT " + statement.get("Effect"), "?", ""));
                }
                String condition = render(statement.getOrDefault("Condition", ""), template);
                for (Object action : list(statement.get("Action"))) {
                    for (Object resource : list(statement.get("Resource"))) {
                        rows.add(new Row(function, (String) action, render(resource, template), condition));
                    }
                }
            }
            list(TemplateJson.properties(template.resource(role)).getOrDefault("ManagedPolicyArns", List.of()))
                    .forEach(arn -> rows.add(new Row(function, "MANAGED POLICY", render(arn, template), "")));
        });
        return rows;
    }

    /** Statements that grant a whole service or every resource, anywhere in the template's IAM policies. */
    static List<String> wildcards(TemplateJson template) {
        List<String> found = new ArrayList<>();
        template.resources().forEach((id, resource) -> {
            for (Map<String, Object> statement : allStatements(resource)) {
                boolean anyResource = list(statement.getOrDefault("Resource", List.of())).contains("*");
                boolean anyAction = list(statement.getOrDefault("Action", List.of())).stream()
                        .anyMatch(a -> a.equals("*") || a.toString().endsWith(":*"));
                if ("Allow".equals(statement.get("Effect")) && (anyResource || anyAction)) {
                    found.add(id + ": " + statement);
                }
            }
            if ("AWS::IAM::Role".equals(resource.get("Type"))
                    && TemplateJson.properties(resource).containsKey("ManagedPolicyArns")) {
                found.add(id + ": managed policies " + TemplateJson.properties(resource).get("ManagedPolicyArns"));
            }
        });
        return found;
    }

    private static List<Map<String, Object>> statementsOf(TemplateJson template, String role) {
        List<Map<String, Object>> statements = new ArrayList<>(allStatements(template.resource(role)));
        template.ofType("AWS::IAM::Policy").values().stream()
                .filter(p -> list(TemplateJson.properties(p).get("Roles")).stream()
                        .anyMatch(r -> role.equals(referenced(r))))
                .forEach(p -> statements.addAll(allStatements(p)));
        return statements;
    }

    /** Identity-policy statements of a role, policy or managed policy (resource policies are not grants of ours). */
    private static List<Map<String, Object>> allStatements(Map<String, Object> resource) {
        Map<String, Object> props = TemplateJson.properties(resource);
        List<Object> documents = new ArrayList<>();
        switch ((String) resource.get("Type")) {
            case "AWS::IAM::Role" -> list(props.getOrDefault("Policies", List.of()))
                    .forEach(p -> documents.add(map(p).get("PolicyDocument")));
            case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> documents.add(props.get("PolicyDocument"));
            default -> {
            }
        }
        List<Map<String, Object>> statements = new ArrayList<>();
        documents.forEach(d -> list(map(d).get("Statement")).forEach(s -> statements.add(map(s))));
        return statements;
    }

    /** A template value as text: names for references, pseudo parameters filled in, joins joined. */
    static String render(Object value, TemplateJson template) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.get("Fn::Join") instanceof List<?> join) {
            return list(join.get(1)).stream().map(part -> render(part, template))
                    .collect(Collectors.joining((String) join.getFirst()));
        }
        if (value instanceof Map<?, ?> m && m.get("Ref") instanceof String ref && ref.startsWith("AWS::")) {
            return switch (ref) {
                case "AWS::Partition" -> "aws";
                case "AWS::Region" -> TestStacks.REGION;
                case "AWS::AccountId" -> TestStacks.ACCOUNT;
                case "AWS::URLSuffix" -> "amazonaws.com";
                default -> ref;
            };
        }
        String id = referenced(value);
        if (id != null) {
            Map<String, Object> props = template.properties(id);
            String name = String.valueOf(props.getOrDefault("TableName", props.getOrDefault("QueueName",
                    props.getOrDefault("LogGroupName", props.getOrDefault("Name", props.getOrDefault("BucketName",
                            id))))));
            boolean arn = map(value).containsKey("Fn::GetAtt")
                    || "AWS::SecretsManager::Secret".equals(template.type(id));
            return arn ? "arn(" + name + ")" : name;
        }
        if (value instanceof Map<?, ?> condition) {
            // {"StringLike": {"s3:prefix": ["mlflow/*"]}} reads "StringLike s3:prefix=mlflow/*"
            return condition.entrySet().stream().map(op -> op.getKey() + " " + map(op.getValue()).entrySet()
                            .stream().map(k -> k.getKey() + "=" + list(k.getValue()).stream().map(String::valueOf)
                                    .collect(Collectors.joining(","))).collect(Collectors.joining(" ")))
                    .collect(Collectors.joining("; "));
        }
        return String.valueOf(value);
    }
}

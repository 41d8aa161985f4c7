package dev.mlops.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Turns a function's {@link Access} entries into IAM statements on the stage's own resources. Every statement
 * names its resources; the only wildcards are inside ARNs (a table's indexes, keys under a prefix), never
 * {@code Resource: "*"} and never {@code service:*} actions. The bucket is named by its ARN string, not by a
 * reference: the ingestion role is part of the chain bucket notification, invoke permission, alias, function, role,
 * and a reference to the bucket would close it into a cycle.
 */
final class Permissions {

    private Permissions() {
    }

    static List<PolicyStatement> statements(List<Access> access, DataStores stores) {
        return access.stream().map(a -> statement(a, stores)).toList();
    }

    static PolicyStatement statement(Access access, DataStores stores) {
        return switch (access) {
            case Access.Items items -> items.partition()
                    .map(pk -> allow(items.actions(), List.of(stores.table(items.table()).getTableArn()),
                            // every key the request names (item, query, batch) has this partition key; a
                            // trailing '*' matches a family of partitions (StringLike)
                            Map.of(pk.endsWith("*") ? "ForAllValues:StringLike" : "ForAllValues:StringEquals",
                                    Map.of("dynamodb:LeadingKeys", List.of(pk)))))
                    .orElseGet(() -> allow(items.actions(), stores.table(items.table()).getTableArn()));
            case Access.IndexQuery index -> allow(List.of("dynamodb:Query"),
                    stores.table(index.table()).getTableArn() + "/index/" + index.index().orElse("*"));
            case Access.DescribeTables describe -> allow(List.of("dynamodb:DescribeTable"),
                    describe.tables().stream().map(t -> stores.table(t).getTableArn()).toList(), Map.of());
            case Access.Objects objects -> allow(objects.actions(),
                    stores.bucketArnByName() + "/" + objects.keyPrefix() + "*");
            case Access.Listing listing -> allow(listing.actions(), List.of(stores.bucketArnByName()),
                    Map.of("StringLike", Map.of("s3:prefix", List.of(listing.keyPrefix() + "*"))));
            case Access.BucketSettings settings -> allow(settings.actions(), stores.bucketArnByName());
            case Access.BucketProbe probe -> allow(List.of("s3:ListBucket"), stores.bucketArnByName());
            case Access.PutEvents events -> allow(List.of("events:PutEvents"), stores.bus().getEventBusArn());
            case Access.DescribeBus describe -> allow(List.of("events:DescribeEventBus"),
                    stores.bus().getEventBusArn());
            case Access.ReadSecret read -> allow(List.of("secretsmanager:GetSecretValue"),
                    stores.secret(read.secret()).getSecretArn());
        };
    }

    static PolicyStatement allow(List<String> actions, String resource) {
        return allow(actions, List.of(resource), Map.of());
    }

    private static PolicyStatement allow(List<String> actions, List<String> resources,
                                         Map<String, Object> conditions) {
        PolicyStatement.Builder statement = PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(actions.stream().sorted().toList()).resources(resources);
        if (!conditions.isEmpty()) {
            statement.conditions(conditions);
        }
        return statement.build();
    }
}

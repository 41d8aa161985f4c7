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
            case Access.Items items -> allow(items.actions(), stores.table(items.table()).getTableArn());
            case Access.IndexQuery index -> allow(List.of("dynamodb:Query"),
                    stores.table(index.table()).getTableArn() + "/index/*");
            case Access.Objects objects -> allow(objects.actions(),
                    stores.bucketArnByName() + "/" + objects.keyPrefix() + "*");
            case Access.Listing listing -> PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(List.of("s3:ListBucket"))
                    .resources(List.of(stores.bucketArnByName()))
                    .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(listing.keyPrefix() + "*"))))
                    .build();
            case Access.PutEvents events -> allow(List.of("events:PutEvents"), stores.bus().getEventBusArn());
            case Access.ReadDatabricksSecret secret -> allow(List.of("secretsmanager:GetSecretValue"),
                    stores.databricksSecret().getSecretArn());
        };
    }

    static PolicyStatement allow(List<String> actions, String resource) {
        return PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(actions.stream().sorted().toList())
                .resources(List.of(resource)).build();
    }
}

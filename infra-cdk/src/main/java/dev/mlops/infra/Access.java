package dev.mlops.infra;

import dev.mlops.aws.ResourceNames;
import java.util.List;
import java.util.function.Function;

/**
 * One grant of a function's role: exactly the API actions its code calls, on exactly the resources it calls them
 * on. {@link Permissions} turns these into IAM statements; nothing here can express {@code Resource: "*"}.
 */
public sealed interface Access {

    /** The DynamoDB tables a function can be granted (the stack creates every table DynamoTables defines). */
    enum Table {
        METADATA(ResourceNames::metadataTable),
        METRICS(ResourceNames::metricsTable),
        REGISTRY(ResourceNames::registryTable);

        private final Function<ResourceNames, String> name;

        Table(Function<ResourceNames, String> name) {
            this.name = name;
        }

        public String tableName(ResourceNames names) {
            return name.apply(names);
        }
    }

    /**
     * Item actions on a table (not its indexes). TransactWriteItems has no IAM action of its own: each item in a
     * transaction needs PutItem, UpdateItem, DeleteItem or ConditionCheckItem.
     */
    record Items(Table table, List<String> actions) implements Access {
        public Items {
            actions = requireService("dynamodb", actions);
        }
    }

    /** Query on every global secondary index of a table. */
    record IndexQuery(Table table) implements Access {
    }

    /** Object actions ({@code s3:GetObject}, ...) on the stage bucket's keys under {@code keyPrefix}. */
    record Objects(String keyPrefix, List<String> actions) implements Access {
        public Objects {
            actions = requireService("s3", actions);
            requirePrefix(keyPrefix);
        }
    }

    /** {@code s3:ListBucket} on the stage bucket, only for listings under {@code keyPrefix} (an s3:prefix condition). */
    record Listing(String keyPrefix) implements Access {
        public Listing {
            requirePrefix(keyPrefix);
        }
    }

    /** {@code events:PutEvents} on the stage's bus. */
    record PutEvents() implements Access {
    }

    /** {@code secretsmanager:GetSecretValue} on the Databricks credentials secret. */
    record ReadDatabricksSecret() implements Access {
    }

    private static List<String> requireService(String service, List<String> actions) {
        List<String> copy = List.copyOf(actions);
        for (String action : copy) {
            if (!action.startsWith(service + ":") || action.contains("*")) {
                throw new IllegalArgumentException("expected a single " + service + " action, got " + action);
            }
        }
        return copy;
    }

    private static void requirePrefix(String keyPrefix) {
        if (keyPrefix.isEmpty() || !keyPrefix.endsWith("/") || keyPrefix.contains("*")) {
            throw new IllegalArgumentException("a key prefix ends with '/' and has no wildcard: " + keyPrefix);
        }
    }
}

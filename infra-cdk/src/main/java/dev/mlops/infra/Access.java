package dev.mlops.infra;

import dev.mlops.aws.ResourceNames;
import dev.mlops.aws.Setting;
import java.util.List;
import java.util.Optional;
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
        REGISTRY(ResourceNames::registryTable),
        /** The run search index, derived from the metadata table. */
        SEARCH(ResourceNames::searchTable),
        AUDIT(ResourceNames::auditTable);

        private final Function<ResourceNames, String> name;

        Table(Function<ResourceNames, String> name) {
            this.name = name;
        }

        public String tableName(ResourceNames names) {
            return name.apply(names);
        }
    }

    /** The stage's Secrets Manager secrets, each with the setting that carries its name into a function. */
    enum Secret {
        /** Databricks workspace credentials (the Databricks backend). */
        DATABRICKS(Setting.DATABRICKS_SECRET_ID, ResourceNames::databricksSecret),
        /** The key material that seals MLflow webhook secrets. */
        WEBHOOK_KEY(Setting.WEBHOOK_KEY_SECRET_ID, ResourceNames::webhookKeySecret);

        private final Setting setting;
        private final Function<ResourceNames, String> name;

        Secret(Setting setting, Function<ResourceNames, String> name) {
            this.setting = setting;
            this.name = name;
        }

        public Setting setting() {
            return setting;
        }

        public String secretName(ResourceNames names) {
            return name.apply(names);
        }
    }

    /**
     * Item actions on a table (not its indexes). TransactWriteItems has no IAM action of its own: each item in a
     * transaction needs PutItem, UpdateItem, DeleteItem or ConditionCheckItem.
     *
     * @param partition when present, only items of this partition key ({@code dynamodb:LeadingKeys}), or of the
     *                  partition keys starting with it when it ends with {@code *}
     */
    record Items(Table table, List<String> actions, Optional<String> partition) implements Access {
        public Items {
            actions = requireService("dynamodb", actions);
            int star = partition.map(p -> p.indexOf('*')).orElse(-1);
            if (star >= 0 && star != partition.get().length() - 1) {
                throw new IllegalArgumentException("a partition pattern may only end with '*': " + partition.get());
            }
        }

        public Items(Table table, List<String> actions) {
            this(table, actions, Optional.empty());
        }

        /** Item actions on one partition of a table only. */
        public static Items inPartition(Table table, String partition, List<String> actions) {
            return new Items(table, actions, Optional.of(partition));
        }
    }

    /** Query on one global secondary index of a table, or on every one when {@code index} is empty. */
    record IndexQuery(Table table, Optional<String> index) implements Access {
        public IndexQuery(Table table) {
            this(table, Optional.empty());
        }

        public IndexQuery(Table table, String index) {
            this(table, Optional.of(index));
        }
    }

    /** {@code dynamodb:DescribeTable} on these tables (the storage readiness check reads their status). */
    record DescribeTables(List<Table> tables) implements Access {
        public DescribeTables {
            tables = List.copyOf(tables);
            if (tables.isEmpty()) {
                throw new IllegalArgumentException("DescribeTables names at least one table");
            }
        }
    }

    /** Object actions ({@code s3:GetObject}, ...) on the stage bucket's keys under {@code keyPrefix}. */
    record Objects(String keyPrefix, List<String> actions) implements Access {
        public Objects {
            actions = requireService("s3", actions);
            requirePrefix(keyPrefix);
        }
    }

    /**
     * Listings of the stage bucket ({@code s3:ListBucket}, and {@code s3:ListBucketVersions} for object versions),
     * only under {@code keyPrefix} (an s3:prefix condition).
     */
    record Listing(String keyPrefix, List<String> actions) implements Access {
        public Listing {
            requirePrefix(keyPrefix);
            actions = requireService("s3", actions);
            if (!List.of("s3:ListBucket", "s3:ListBucketVersions").containsAll(actions)) {
                throw new IllegalArgumentException("only listings take an s3:prefix condition: " + actions);
            }
        }

        /** {@code s3:ListBucket} under {@code keyPrefix}. */
        public Listing(String keyPrefix) {
            this(keyPrefix, List.of("s3:ListBucket"));
        }
    }

    /**
     * Reads of the stage bucket's own configuration ({@code s3:GetBucketVersioning},
     * {@code s3:GetLifecycleConfiguration}): recovery checks that its snapshots' object versions are safe.
     */
    record BucketSettings(List<String> actions) implements Access {
        public BucketSettings {
            actions = requireService("s3", actions);
            if (!List.of("s3:GetBucketVersioning", "s3:GetLifecycleConfiguration").containsAll(actions)) {
                throw new IllegalArgumentException("not a read of the bucket's settings: " + actions);
            }
        }
    }

    /**
     * {@code s3:ListBucket} on the stage bucket without a prefix condition: what HeadBucket needs (S3 has no
     * narrower action for it, and a HeadBucket request carries no prefix a condition could match). It also lets the
     * role list key names anywhere in the bucket, never read an object.
     */
    record BucketProbe() implements Access {
    }

    /** {@code events:PutEvents} on the stage's bus. */
    record PutEvents() implements Access {
    }

    /** {@code events:DescribeEventBus} on the stage's bus (the events readiness check: does the bus exist). */
    record DescribeBus() implements Access {
    }

    /** {@code secretsmanager:GetSecretValue} on one of the stage's secrets; its name comes with it as a setting. */
    record ReadSecret(Secret secret) implements Access {
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

package dev.mlops.infra;

import static dev.mlops.infra.Access.Table.AUDIT;
import static dev.mlops.infra.Access.Table.METADATA;
import static dev.mlops.infra.Access.Table.METRICS;
import static dev.mlops.infra.Access.Table.REGISTRY;
import static dev.mlops.infra.Access.Table.SEARCH;

import dev.mlops.aws.AwsRecovery;
import dev.mlops.aws.ResourceNames;
import dev.mlops.aws.Setting;
import dev.mlops.aws.dynamo.DynamoHealthStatusStore;
import dev.mlops.aws.dynamo.DynamoLoggedModelStore;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.aws.dynamo.DynamoWebhookStore;
import dev.mlops.aws.dynamo.DynamoWriteFence;
import dev.mlops.aws.s3.S3SnapshotStore;
import dev.mlops.infra.Access.BucketProbe;
import dev.mlops.infra.Access.BucketSettings;
import dev.mlops.infra.Access.DescribeBus;
import dev.mlops.infra.Access.DescribeTables;
import dev.mlops.infra.Access.IndexQuery;
import dev.mlops.infra.Access.Items;
import dev.mlops.infra.Access.Listing;
import dev.mlops.infra.Access.Objects;
import dev.mlops.infra.Access.PutEvents;
import dev.mlops.infra.Access.ReadSecret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The deployed functions, one entry per function module. To add one: build it to
 * {@code functions/<module>/target/function.zip}, add an entry here (memory and timeout with the reason, triggers,
 * the actions its code calls, the settings it reads), add its rows to {@code expected-iam.tsv} beside the stack
 * tests, and list the module as a build-order dependency in {@code infra-cdk/pom.xml}. {@code FunctionModulesTest}
 * fails while a function module has no entry.
 *
 * <p>Not granted anywhere: the readiness checks of the HTTP functions ({@code /q/health/ready}: DescribeTable,
 * HeadBucket, DescribeEventBus). {@code /q/*} is not routed by the HTTP API, so nobody can call them on a deployed
 * stage; the health function runs the same checks on a schedule and is the deployment's readiness signal.
 */
public final class FunctionCatalog {

    /** Where run and logged-model artifacts live in the bucket (the artifact store's keys). */
    static final String ARTIFACTS = ResourceNames.ARTIFACT_PREFIX + "/";
    /** Where the Parquet metric lake lives in the bucket (S3A's keys). */
    static final String LAKE = ResourceNames.LAKE_PREFIX + "/";

    /**
     * Runs and experiments: single-item writes, transactions (name claims, run inserts with their index entries,
     * search-index moves that ConditionCheck the run header), batched run data, consistent reads.
     */
    private static final List<String> RUN_TABLE_ITEMS = List.of("dynamodb:BatchGetItem", "dynamodb:BatchWriteItem",
            "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:Query", "dynamodb:UpdateItem");
    /**
     * The run search index: entries put in run-insert and stage-move transactions (PutItem) or batched, stale
     * entries deleted on a condition by readers, metric-ordered walks (Query).
     */
    private static final List<String> SEARCH_INDEX_ITEMS = List.of("dynamodb:BatchWriteItem", "dynamodb:DeleteItem",
            "dynamodb:PutItem", "dynamodb:Query");
    /** Recovery on the state tables: every item read, written back or deleted, in place. */
    private static final List<String> RECOVERY_TABLE_ITEMS = List.of("dynamodb:BatchGetItem",
            "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:GetItem",
            "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem");
    /** Buffer appends (conditional put + counter ADD), series and manifest reads; flushes also commit and release. */
    private static final List<String> METRIC_BUFFER_ITEMS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:Query", "dynamodb:UpdateItem");
    /**
     * The recovery write fence: writers outside the HTTP functions (ingestion, metric-flush) read its one item
     * before they write (the HTTP functions read it with their metadata-table grant).
     */
    private static final Items FENCE_READ = Items.inPartition(METADATA, DynamoWriteFence.PK_VALUE,
            List.of("dynamodb:GetItem"));
    /** Where recovery keeps snapshot manifests and digests. */
    static final String SNAPSHOTS = S3SnapshotStore.ROOT;
    /** Audit entries are appended with BatchWriteItem (idempotent puts), off the request path. */
    private static final Items AUDIT_APPEND = new Items(AUDIT, List.of("dynamodb:BatchWriteItem"));

    private FunctionCatalog() {
    }

    /** Every deployed function. */
    public static List<FunctionSpec> all() {
        return List.of(tracking(), registry(), ingestion(), metricFlush(), health(), webhookDelivery(), recovery());
    }

    /**
     * 2,048 MB: the only API function carrying Hadoop and Parquet (about 90 MB unzipped) to read metric histories,
     * which it decodes in 25,000-point pages; above 1,769 MB it gets more than one vCPU, which shortens SnapStart
     * restore and the first requests' JIT warm-up, where a training job's first calls wait. 29 s: just under the
     * HTTP API's 30 s, so the function's own timeout (logged, alarmed) fires rather than the gateway's. No reserved
     * concurrency: it is the product's front door and API Gateway throttling bounds it instead (the mlflow client
     * retries 429s); capping it would also cap every training job. Besides MLflow's tracking paths it serves the
     * audit search, MLflow's {@code /health} and {@code /version}, and what the web UI calls besides REST
     * ({@code /graphql}, whose run pages also list the run's model versions: hence its read of the registry
     * table; {@code /get-artifact}).
     */
    static FunctionSpec tracking() {
        return new FunctionSpec("tracking",
                "MLflow tracking REST API (experiments, runs, metrics, artifacts, logged models), audit search, "
                        + "the web UI's GraphQL",
                2048, Duration.ofSeconds(29), OptionalInt.empty(),
                List.of(new Trigger.HttpRoutes(List.of("/api/{proxy+}", "/ajax-api/{proxy+}",
                        "/api/2.0/mlflow-artifacts/{proxy+}", "/api/2.0/mlops/audit/{proxy+}",
                        "/ajax-api/2.0/mlops/audit/{proxy+}", "/get-artifact", "/graphql", "/health", "/version"),
                        500, 1000)),
                List.of(new Items(METADATA, RUN_TABLE_ITEMS), new IndexQuery(METADATA),
                        new Items(SEARCH, SEARCH_INDEX_ITEMS),
                        new Items(METRICS, METRIC_BUFFER_ITEMS),
                        // GraphQL's model versions of a run (a registry search: Query of the table and its
                        // index); accuracy-drop alerts read the evaluated version (GetItem) and tag it (UpdateItem).
                        // MLOPS_ALERTS_AUTO_ROLLBACK is not set by the stack: rollbacks are recovery's
                        new Items(REGISTRY, List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem")),
                        new IndexQuery(REGISTRY),
                        // audit entries of its calls, and the audit search (a resource's partition, the month
                        // partitions, the by-actor and by-action indexes)
                        new Items(AUDIT, List.of("dynamodb:BatchWriteItem", "dynamodb:Query")),
                        new IndexQuery(AUDIT),
                        // proxied artifact upload/download/delete, and presigned multipart uploads (the parts are
                        // PUT by the client on this role's signature, so the role needs PutObject)
                        new Objects(ARTIFACTS, List.of("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject",
                                "s3:PutObject")),
                        new Listing(ARTIFACTS),
                        // histories merge flushed Parquet files (read only; the flush function writes them)
                        new Objects(LAKE, List.of("s3:GetObject")), new Listing(LAKE),
                        new PutEvents()),
                List.of(Setting.PREFIX, Setting.BUCKET, Setting.REGION));
    }

    /**
     * 1,024 MB: no Hadoop (about 40 MB unzipped), DynamoDB-bound requests; version creation streams the source's
     * files once for their SHA-256 in constant memory. 29 s: as tracking, under the HTTP API's limit. No reserved
     * concurrency: registry traffic is light and throttled at the API. It serves MLflow's webhook API: the
     * webhooks live in its table, their secrets sealed with the webhook key, and {@code test_webhook} delivers
     * from here (Lambda outside a VPC reaches the internet).
     */
    static FunctionSpec registry() {
        return new FunctionSpec("registry",
                "MLflow model registry REST API (registered models, versions, stages, aliases) and webhooks",
                1024, Duration.ofSeconds(29), OptionalInt.empty(),
                List.of(new Trigger.HttpRoutes(List.of(
                        "/api/2.0/mlflow/registered-models/{proxy+}", "/api/2.0/mlflow/model-versions/{proxy+}",
                        "/ajax-api/2.0/mlflow/registered-models/{proxy+}",
                        "/ajax-api/2.0/mlflow/model-versions/{proxy+}",
                        "/api/2.0/mlflow/webhooks", "/api/2.0/mlflow/webhooks/{proxy+}",
                        "/ajax-api/2.0/mlflow/webhooks", "/ajax-api/2.0/mlflow/webhooks/{proxy+}",
                        "/model-versions/get-artifact"), 100, 200)),
                List.of(new Items(REGISTRY, List.of("dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
                                "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query",
                                "dynamodb:UpdateItem")),
                        new IndexQuery(REGISTRY),
                        // a version's source run (Query of the run's partition) and logged model (GetItem)
                        new Items(METADATA, List.of("dynamodb:GetItem", "dynamodb:Query")),
                        // a version made from a logged model is listed in that model's mlflow.modelVersions tag
                        Items.inPartition(METADATA, DynamoLoggedModelStore.PREFIX + "*",
                                List.of("dynamodb:PutItem")),
                        // audit entries of its calls (the audit search is routed to tracking)
                        AUDIT_APPEND,
                        // the source's files: listed and read for the checksum and the MLmodel flavor
                        new Objects(ARTIFACTS, List.of("s3:GetObject")), new Listing(ARTIFACTS),
                        new PutEvents(),
                        new ReadSecret(Access.Secret.WEBHOOK_KEY)),
                List.of(Setting.PREFIX, Setting.BUCKET, Setting.REGION, Setting.WEBHOOK_KEY_SECRET_ID));
    }

    /**
     * 1,024 MB: streams objects of up to 5 GiB through SHA-256 in constant memory; network throughput grows with
     * memory, and at 1 GB a Lambda reads S3 at roughly 60-90 MB/s. 5 min: a 5 GiB object then hashes in about
     * 60-90 s, with room for retries of the read. Reserved concurrency 10: a bulk upload of thousands of files must
     * not take the account's concurrency from the API, and every record of one model allocates versions on the
     * same registry item (a conditional write that retries under contention); throttled S3 events wait in
     * Lambda's async queue and are retried for up to six hours, and reservation also guarantees these 10.
     */
    static FunctionSpec ingestion() {
        return new FunctionSpec("ingestion",
                "S3 ObjectCreated under " + ResourceNames.INGESTION_PREFIX + " becomes a checksummed model version",
                1024, Duration.ofMinutes(5), OptionalInt.of(10),
                List.of(new Trigger.ObjectCreated(ResourceNames.INGESTION_PREFIX)),
                List.of(new Items(REGISTRY, List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem")),
                        // S3 events name a version id: HeadObject and GetObject with versionId need GetObjectVersion
                        new Objects(ResourceNames.INGESTION_PREFIX, List.of("s3:GetObject", "s3:GetObjectVersion")),
                        new PutEvents(),
                        // registers versions: waits out a snapshot, refused during a restore
                        FENCE_READ),
                List.of(Setting.PREFIX, Setting.REGION, Setting.INGESTION_PREFIX));
    }

    /**
     * 2,048 MB: writes ZSTD-compressed Parquet through S3A with upload blocks buffered in memory (no /tmp), and
     * compacts up to 16 files of a run into one. 4 min: below the 5-minute schedule, so scheduled flushes do not
     * pile up (overlap is safe, the manifest commit is a compare-and-set, but wasteful). Reserved concurrency 4:
     * a burst of MetricFlushRequested events (many runs crossing the threshold at once) must not start hundreds
     * of 2 GB flushers; flushes of one run race on the manifest anyway, and waiting events are retried by Lambda.
     */
    static FunctionSpec metricFlush() {
        return new FunctionSpec("metric-flush",
                "Moves buffered metric points from DynamoDB into the Parquet lake, exactly once",
                2048, Duration.ofMinutes(4), OptionalInt.of(4),
                List.of(new Trigger.BusEvents(List.of("MetricFlushRequested")),
                        new Trigger.Schedule("metric-flush", "rate(5 minutes)")),
                List.of(new Items(METRICS, METRIC_BUFFER_ITEMS), new IndexQuery(METRICS),
                        // the run's experiment id, for runs whose batches predate it (Query of the run's partition)
                        new Items(METADATA, List.of("dynamodb:Query")),
                        // S3A: HEAD/GET, PUT (also multipart and the copy of a rename), DELETE of temp and replaced
                        // files, abort of a failed multipart upload; LIST under the lake only
                        new Objects(LAKE, List.of("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject",
                                "s3:PutObject")),
                        new Listing(LAKE),
                        // a flush writes the lake and the buffer: it waits out a snapshot, skips during a restore
                        FENCE_READ),
                List.of(Setting.PREFIX, Setting.BUCKET, Setting.REGION));
    }

    /**
     * 512 MB: a handful of AWS calls and no Hadoop (the lake check lists S3 directly), about 40 MB unzipped. 60 s:
     * every check has a 5 s timeout and one attempt, so a run ends in seconds even when AWS does not answer.
     * Reserved concurrency 1: the schedule starts one run every 5 minutes, and reserving it means the health
     * check still runs when the account's concurrency is exhausted, which is when it matters most (overlapping
     * runs would be safe: the status item is replaced by a conditional put).
     */
    static FunctionSpec health() {
        return new FunctionSpec("health",
                "Scheduled readiness checks (storage, lake, events): HealthReport and HealthStatusChanged events",
                512, Duration.ofSeconds(60), OptionalInt.of(1),
                List.of(new Trigger.Schedule("health", "rate(5 minutes)")),
                List.of(
                        // storage: the tables' status (the check describes these three)
                        new DescribeTables(List.of(METADATA, METRICS, REGISTRY)),
                        // storage: HeadBucket; lake: one ListObjectsV2 under lake/
                        new BucketProbe(),
                        // lake: the runs waiting for a flush (pending index), then their counters (BatchGetItem)
                        new IndexQuery(METRICS, DynamoTables.PENDING_INDEX),
                        new Items(METRICS, List.of("dynamodb:BatchGetItem")),
                        // the last status, replaced by a conditional put: only the HEALTH item
                        Items.inPartition(METADATA, DynamoHealthStatusStore.PK,
                                List.of("dynamodb:GetItem", "dynamodb:PutItem")),
                        // events: the bus exists; HealthReport and HealthStatusChanged
                        new DescribeBus(), new PutEvents()),
                List.of(Setting.PREFIX, Setting.BUCKET, Setting.REGION));
    }

    /**
     * 512 MB: one event per invocation, a few HTTPS posts in parallel, no Hadoop. 3 min: MLflow's delivery gives
     * each webhook up to 4 attempts of 30 s with 1 + 2 + 4 s pauses (about 127 s), and webhooks are served in
     * parallel. Reserved concurrency 5: a bulk ingestion can raise thousands of ModelVersionCreated at once;
     * five deliverers keep that from flooding the webhooks' receivers or taking the account's concurrency, and
     * the rest wait in Lambda's asynchronous queue (six hours, then the dead-letter queue). Needs internet egress:
     * Lambda functions outside a VPC have it.
     */
    static FunctionSpec webhookDelivery() {
        return new FunctionSpec("webhook-delivery",
                "Delivers the registry's events to MLflow webhooks (signed, retried, public addresses only)",
                512, Duration.ofMinutes(3), OptionalInt.of(5),
                List.of(new Trigger.BusEvents("webhook-events", List.of("RegisteredModelCreated",
                        "ModelVersionCreated", "ModelVersionTagSet", "ModelVersionTagDeleted", "ModelAliasSet",
                        "ModelAliasDeleted"))),
                List.of(
                        // the webhooks: one Query of their partition per event
                        Items.inPartition(REGISTRY, DynamoWebhookStore.PARTITION, List.of("dynamodb:Query")),
                        // unseals each webhook's HMAC secret
                        new ReadSecret(Access.Secret.WEBHOOK_KEY)),
                List.of(Setting.PREFIX, Setting.BUCKET, Setting.REGION, Setting.WEBHOOK_KEY_SECRET_ID));
    }

    /**
     * 2,048 MB: hashes object versions and reads the lake's Parquet (Hadoop) while it verifies, restores and re-runs
     * flushes; above 1,769 MB it gets a second vCPU for its parallel scans. 15 min, Lambda's maximum: a restore or
     * a verify of a large state runs for minutes (operators invoke those directly; through the admin routes the
     * gateway answers 503 after 30 s while the function finishes, the fence and the restore journal keeping the
     * state consistent). Reserved concurrency 1: one recovery operation at a time (the fence refuses a second
     * anyway), and the daily snapshot still runs when the account's concurrency is exhausted.
     */
    static FunctionSpec recovery() {
        List<Access> access = new ArrayList<>();
        for (Access.Table table : List.of(METADATA, METRICS, REGISTRY)) {
            // snapshots scan every item (consistent reads), restores put and delete them in transactions with
            // condition checks, the fence and the restore journal are items of the metadata table, and verify
            // reads through the stores (batched run reads, indexes)
            access.add(new Items(table, RECOVERY_TABLE_ITEMS));
            access.add(new IndexQuery(table));
        }
        // run listings read the search index, and readers delete stale entries as they meet them
        access.add(new Items(SEARCH, SEARCH_INDEX_ITEMS));
        // recovery's parts (AwsRecovery: lake, artifacts, everything ingested under incoming/) and its snapshots
        AwsRecovery.Settings parts = AwsRecovery.Settings.DEFAULT;
        for (String prefix : List.of(parts.lakePrefix(), ARTIFACTS, parts.ingestedPrefix(), SNAPSHOTS)) {
            // versions listed and hashed (HeadObject/GetObject with versionId), restored by copying a version
            // onto its key, unreferenced noncurrent versions deleted by prune, manifests written and read
            access.add(new Objects(prefix, List.of("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObject",
                    "s3:GetObjectVersion", "s3:PutObject")));
            access.add(new Listing(prefix, List.of("s3:ListBucket", "s3:ListBucketVersions")));
        }
        // a flush re-run writes lake files through S3A (multipart)
        access.add(new Objects(LAKE, List.of("s3:AbortMultipartUpload")));
        // verify checks that versioning is on and no lifecycle rule deletes what retained snapshots reference
        access.add(new BucketSettings(List.of("s3:GetBucketVersioning", "s3:GetLifecycleConfiguration")));
        // SnapshotCreated, IncidentDetected, RecoveryCompleted, RecoveryFailed, ModelRolledBack
        access.add(new PutEvents());
        return new FunctionSpec("recovery",
                "Snapshots (daily), verify, restore, recover and rollback; the operators' admin routes",
                2048, Duration.ofMinutes(15), OptionalInt.of(1),
                List.of(new Trigger.Schedule("snapshot", "cron(0 3 * * ? *)"),
                        new Trigger.HttpRoutes(List.of("/api/2.0/mlops/{proxy+}"), 5, 10, true)),
                access,
                List.of(Setting.PREFIX, Setting.BUCKET, Setting.REGION));
    }
}

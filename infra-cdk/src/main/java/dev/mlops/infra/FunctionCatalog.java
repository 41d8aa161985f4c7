package dev.mlops.infra;

import static dev.mlops.infra.Access.Table.METADATA;
import static dev.mlops.infra.Access.Table.METRICS;
import static dev.mlops.infra.Access.Table.REGISTRY;

import dev.mlops.aws.ResourceNames;
import dev.mlops.aws.Setting;
import dev.mlops.infra.Access.IndexQuery;
import dev.mlops.infra.Access.Items;
import dev.mlops.infra.Access.Listing;
import dev.mlops.infra.Access.Objects;
import dev.mlops.infra.Access.PutEvents;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * The deployed functions, one entry per function module. To add one: build it to
 * {@code functions/<module>/target/function.zip}, add an entry here (memory and timeout with the reason, triggers,
 * the actions its code calls, the settings it reads), add its rows to {@code expected-iam.tsv} beside the stack
 * tests, and list the module as a build-order dependency in {@code infra-cdk/pom.xml}. {@code FunctionModulesTest}
 * fails while a function module has no entry.
 */
public final class FunctionCatalog {

    /** Where run and logged-model artifacts live in the bucket (the artifact store's keys). */
    static final String ARTIFACTS = ResourceNames.ARTIFACT_PREFIX + "/";
    /** Where the Parquet metric lake lives in the bucket (S3A's keys). */
    static final String LAKE = ResourceNames.LAKE_PREFIX + "/";

    private static final List<String> RUN_TABLE_ITEMS = List.of("dynamodb:BatchGetItem", "dynamodb:BatchWriteItem",
            "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem");
    /** Buffer appends (conditional put + counter ADD), series and manifest reads; flushes also commit and release. */
    private static final List<String> METRIC_BUFFER_ITEMS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:Query", "dynamodb:UpdateItem");

    private FunctionCatalog() {
    }

    public static List<FunctionSpec> all() {
        return List.of(tracking(), registry(), ingestion(), metricFlush());
    }

    /**
     * 2,048 MB: the only API function carrying Hadoop and Parquet (80 MB unzipped) to read metric histories, which
     * it decodes in 25,000-point pages; above 1,769 MB it gets more than one vCPU, which shortens SnapStart restore
     * and the first requests' JIT warm-up, where a training job's first calls wait. 29 s: just under the HTTP
     * API's 30 s, so the function's own timeout (logged, alarmed) fires rather than the gateway's. No reserved
     * concurrency: it is the product's front door and API Gateway throttling bounds it instead (the mlflow client
     * retries 429s); capping it would also cap every training job.
     */
    static FunctionSpec tracking() {
        return new FunctionSpec("tracking",
                "MLflow tracking REST API (experiments, runs, metrics, artifacts, logged models)",
                2048, Duration.ofSeconds(29), OptionalInt.empty(),
                List.of(new Trigger.HttpRoutes(List.of("/api/{proxy+}", "/ajax-api/{proxy+}",
                        "/api/2.0/mlflow-artifacts/{proxy+}"), 500, 1000)),
                List.of(new Items(METADATA, RUN_TABLE_ITEMS), new IndexQuery(METADATA),
                        new Items(METRICS, METRIC_BUFFER_ITEMS),
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
     * 1,024 MB: no Hadoop (31 MB zip), DynamoDB-bound requests; version creation streams the source's files once
     * for their SHA-256 in constant memory. 29 s: as tracking, under the HTTP API's limit. No reserved
     * concurrency: registry traffic is light and throttled at the API.
     */
    static FunctionSpec registry() {
        return new FunctionSpec("registry",
                "MLflow model registry REST API (registered models, versions, stages, aliases)",
                1024, Duration.ofSeconds(29), OptionalInt.empty(),
                List.of(new Trigger.HttpRoutes(List.of(
                        "/api/2.0/mlflow/registered-models/{proxy+}", "/api/2.0/mlflow/model-versions/{proxy+}",
                        "/ajax-api/2.0/mlflow/registered-models/{proxy+}",
                        "/ajax-api/2.0/mlflow/model-versions/{proxy+}"), 100, 200)),
                List.of(new Items(REGISTRY, List.of("dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
                                "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query",
                                "dynamodb:UpdateItem")),
                        new IndexQuery(REGISTRY),
                        // a version's source run (Query of the run's partition) and logged model (GetItem)
                        new Items(METADATA, List.of("dynamodb:GetItem", "dynamodb:Query")),
                        // the source's files: listed and read for the checksum and the MLmodel flavor
                        new Objects(ARTIFACTS, List.of("s3:GetObject")), new Listing(ARTIFACTS),
                        new PutEvents()),
                List.of(Setting.PREFIX, Setting.BUCKET, Setting.REGION));
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
                        new PutEvents()),
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
                        new Listing(LAKE)),
                List.of(Setting.PREFIX, Setting.BUCKET, Setting.REGION));
    }
}

package dev.mlops.api;

import dev.mlops.aws.ResourceNames;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Which stores stand behind the API; read once at start. Holds no secrets: AWS credentials come from the chain. */
@ConfigMapping(prefix = "mlops")
public interface BackendConfig {

    /**
     * {@code local} (files under {@link #dataDir()}), {@code aws} (DynamoDB, S3, EventBridge) or {@code databricks}
     * (Delta tables on a Databricks SQL warehouse; see {@link Databricks}).
     */
    @WithDefault("local")
    String backend();

    /** Where the local backend keeps everything. */
    @WithDefault("mlops-data")
    String dataDir();

    /** Bytes of free disk the local backend keeps back; writes that would eat into it are refused. */
    @WithDefault("67108864")
    long diskReserveBytes();

    /**
     * Artifact URI schemes that address a host ({@code http}, {@code https}, {@code ftp}, {@code sftp}, {@code hdfs},
     * ...) which clients may still use in experiment locations and model version sources, comma-separated. Unset:
     * none, as MLflow's server refuses them unless MLFLOW_ALLOWED_HOST_ADDRESSED_ARTIFACT_SCHEMES allows them.
     */
    Optional<String> allowedHostAddressedSchemes();

    Aws aws();

    Databricks databricks();

    /**
     * The Databricks backend. Credentials are never configuration: on AWS they come from the Secrets Manager secret
     * {@link #secretId()}; locally from the environment (MLOPS_DATABRICKS_TOKEN, or MLOPS_DATABRICKS_CLIENT_ID and
     * MLOPS_DATABRICKS_CLIENT_SECRET), read by the wiring and never stored in a config object.
     */
    interface Databricks {
        /** Workspace host ({@code host} or {@code host:port}); may come from the secret instead. */
        Optional<String> host();

        /** The SQL warehouse's HTTP path, {@code /sql/1.0/warehouses/<id>}; may come from the secret instead. */
        Optional<String> httpPath();

        @WithDefault("main")
        String catalog();

        @WithDefault("mlops")
        String schema();

        /** Secrets Manager secret id or ARN holding the credentials JSON; unset means environment variables. */
        Optional<String> secretId();

        /** How long a fetched secret is reused before Secrets Manager is asked again. */
        @WithDefault("5m")
        java.time.Duration secretTtl();

        /** {@code local} (files under the data dir, proxied URIs) or {@code s3} (the AWS artifact bucket). */
        @WithDefault("local")
        String artifacts();

        /** Warehouse sessions this process keeps open. */
        @WithDefault("8")
        int poolSize();

        /** A statement running longer than this counts as failed with an unknown outcome. */
        @WithDefault("5m")
        java.time.Duration statementTimeout();

        /** Plain HTTP to the workspace: only for the local stand-in ({@code ./mlops databricks-local}). */
        @WithDefault("false")
        boolean insecureHttp();

        /** Register the Parquet metric lake as the external table {@code metric_lake} in the schema. */
        @WithDefault("false")
        boolean registerLake();

        /** Extra driver URL switches, e.g. {@code LogLevel} and {@code LogPath}; credential keys are refused. */
        java.util.Map<String, String> driverOptions();
    }

    /** Model registry settings; used by the registry API (registry-api module). */
    Registry registry();

    /** The audit log of state-changing calls. */
    Audit audit();

    /** Pre-hooks on registry operations (see dev.mlops.core.service.PreHooks). */
    Hooks hooks();

    /** MLflow webhooks (post-hooks). MLflow's own MLFLOW_WEBHOOK_* environment switches apply as well. */
    Webhooks webhooks();

    interface Audit {
        /** How long entries are kept (local: whole day files deleted at start; AWS: DynamoDB TTL). */
        @WithDefault("400d")
        java.time.Duration retention();

        /** Entries waiting for the writer; beyond this they are dropped and counted, never the call delayed. */
        @WithDefault("10000")
        int queueCapacity();

        /**
         * How long a request waits at its end for its audit entry to be written; 0 (the local server) never waits.
         * Lambda functions set a short bound, because a frozen function writes nothing until its next request.
         */
        @WithDefault("0s")
        java.time.Duration awaitOnRequest();
    }

    interface Hooks {
        /**
         * Pre-hook rules, e.g. {@code create_version: metrics.accuracy >= 0.5; delete_model:
         * metrics.production_versions = 0}; the promotion gates of {@code mlops.registry.gates} apply too.
         */
        Optional<String> pre();
    }

    interface Webhooks {
        /** Local backend: the key file that seals webhook secrets, kept outside the data directory. */
        Optional<String> keyFile();

        /** AWS backend: the Secrets Manager secret whose value seals webhook secrets; default {@code <prefix>/webhook-secret-key}. */
        Optional<String> keySecretId();

        /** First pause between delivery retries; it doubles per retry (MLflow: 1 s). */
        @WithDefault("1s")
        java.time.Duration retryBackoff();

        /**
         * Deliver from this process ({@code true}: the local server, also on the AWS backend) or leave delivery to
         * the webhook-delivery function that an EventBridge rule starts ({@code false}: the Lambda functions).
         */
        @WithDefault("true")
        boolean deliverInProcess();
    }

    interface Registry {
        /**
         * Promotion gates, e.g. {@code Production: metrics.accuracy >= 0.9; alias:champion: tags.approved = 'true'}
         * (see dev.mlops.core.service.PreHooks); unset means every promotion is allowed.
         */
        Optional<String> gates();
    }

    interface Aws {
        /** An emulator or custom endpoint (then S3 uses path-style addressing); unset means real AWS. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Prefix of the DynamoDB table names and of the default bucket and event bus names. */
        @WithDefault(ResourceNames.DEFAULT_PREFIX)
        String prefix();

        /** Artifact bucket; defaults to {@code <prefix>-artifacts}. */
        Optional<String> bucket();

        /** Create missing tables, bucket and bus at start (emulators, first-time dev); CDK does it in production. */
        @WithDefault("false")
        boolean createResources();

        /**
         * Cache experiments, registered models and runs' unchanging parts in this instance (sizes and TTLs:
         * {@code quarkus.cache.caffeine."mlops-*".*}); this instance's writes invalidate what they change.
         */
        @WithDefault("true")
        boolean cacheReads();

        /** Count the DynamoDB read units this process spends (computed from item sizes) and log them at stop. */
        @WithDefault("false")
        boolean meterReads();
    }
}

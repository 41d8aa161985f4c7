package dev.mlops.api;

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

    interface Registry {
        /**
         * Promotion gates, e.g. {@code Production: metrics.accuracy >= 0.9; alias:champion: tags.approved = 'true'}
         * (see dev.mlops.core.service.PromotionGates); unset means every promotion is allowed.
         */
        Optional<String> gates();
    }

    interface Aws {
        /** An emulator or custom endpoint (then S3 uses path-style addressing); unset means real AWS. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Prefix of the DynamoDB table names and of the default bucket and event bus names. */
        @WithDefault("mlops")
        String prefix();

        /** Artifact bucket; defaults to {@code <prefix>-artifacts}. */
        Optional<String> bucket();

        /** Create missing tables, bucket and bus at start (emulators, first-time dev); CDK does it in production. */
        @WithDefault("false")
        boolean createResources();
    }
}

package dev.mlops.api;

import dev.mlops.aws.ResourceNames;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Which stores stand behind the API; read once at start. Holds no secrets: AWS credentials come from the chain. */
@ConfigMapping(prefix = "mlops")
public interface BackendConfig {

    /** {@code local} (files under {@link #dataDir()}) or {@code aws} (DynamoDB, S3, EventBridge). */
    @WithDefault("local")
    String backend();

    /** Where the local backend keeps everything. */
    @WithDefault("mlops-data")
    String dataDir();

    /** Bytes of free disk the local backend keeps back; writes that would eat into it are refused. */
    @WithDefault("67108864")
    long diskReserveBytes();

    Aws aws();

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
        @WithDefault(ResourceNames.DEFAULT_PREFIX)
        String prefix();

        /** Artifact bucket; defaults to {@code <prefix>-artifacts}. */
        Optional<String> bucket();

        /** Create missing tables, bucket and bus at start (emulators, first-time dev); CDK does it in production. */
        @WithDefault("false")
        boolean createResources();
    }
}

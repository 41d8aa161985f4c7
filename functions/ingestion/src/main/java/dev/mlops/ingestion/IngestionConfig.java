package dev.mlops.ingestion;

import dev.mlops.aws.ResourceNames;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The ingestion function's settings, under the same {@code mlops.aws.*} names as the tracking function's. */
@ConfigMapping(prefix = "mlops")
public interface IngestionConfig {

    Aws aws();

    Ingestion ingestion();

    interface Aws {
        /** An emulator or custom endpoint; unset means real AWS. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Prefix of the table, bucket and event bus names ({@code <prefix>-events}). */
        @WithDefault(ResourceNames.DEFAULT_PREFIX)
        String prefix();

        /** The {@code source} of the events put on the bus. */
        @WithDefault(ResourceNames.EVENT_SOURCE)
        String eventSource();

        /** Create the event bus when missing (emulators, first-time dev); infrastructure code does it in production. */
        @WithDefault("false")
        boolean createResources();
    }

    interface Ingestion {
        /** Model files land under {@code <prefix><model-name>/<file>}. */
        @WithDefault(ResourceNames.INGESTION_PREFIX)
        String prefix();

        /** Larger objects are refused (default 5 GiB, S3's single-PUT limit). */
        @WithDefault("5368709120")
        long maxObjectBytes();

        /** How long a redelivered event still maps to the version its first delivery registered. */
        @WithDefault("P365D")
        Duration idempotencyWindow();
    }
}

package dev.mlops.core.ingest;

import dev.mlops.core.error.InvalidParameterException;
import java.time.Duration;

/**
 * How ingestion reads the bucket. {@code prefix} is where model files land ({@code <prefix><model-name>/<file...>});
 * objects above {@code maxObjectBytes} are refused; {@code idempotencyWindow} is how long a redelivered S3 event
 * still maps to the version its first delivery registered.
 */
public record IngestionSettings(String prefix, long maxObjectBytes, Duration idempotencyWindow) {

    public static final String DEFAULT_PREFIX = "incoming/models/";
    /** S3's single-PUT limit; larger objects need multipart and are rarely a single model file. */
    public static final long DEFAULT_MAX_OBJECT_BYTES = 5L * 1024 * 1024 * 1024;
    /** S3 redelivers within hours; a year also covers a replay of archived events. */
    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofDays(365);

    public IngestionSettings {
        if (prefix == null || prefix.isEmpty() || !prefix.endsWith("/") || prefix.startsWith("/")
                || prefix.contains("..") || prefix.contains("\\")) {
            throw new InvalidParameterException("Ingestion prefix '" + prefix
                    + "' must be a relative key prefix ending in '/', without '..' or '\\'.");
        }
        if (maxObjectBytes <= 0) {
            throw new InvalidParameterException("Ingestion max object size must be positive, got " + maxObjectBytes);
        }
        if (idempotencyWindow == null || idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
            throw new InvalidParameterException("Ingestion idempotency window must be positive.");
        }
    }

    public static IngestionSettings defaults() {
        return new IngestionSettings(DEFAULT_PREFIX, DEFAULT_MAX_OBJECT_BYTES, DEFAULT_IDEMPOTENCY_WINDOW);
    }
}

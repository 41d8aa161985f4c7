package dev.mlops.core.port;

import dev.mlops.core.domain.VersionStatus;
import java.util.Map;

/**
 * A version to register; the store allocates its number. {@code idempotencyKey} (nullable) names the request: a
 * second create with the same key before {@code idempotentUntil} (epoch millis) returns the first version instead
 * of allocating another. Ingestion uses the S3 object version; the API uses the Idempotency-Key header or a request
 * fingerprint, so a client's retried POST does not register twice.
 */
public record NewModelVersion(
        String name,
        String source,
        String runId,
        String runLink,
        String description,
        String userId,
        Map<String, String> tags,
        String modelId,
        VersionStatus status,
        String statusMessage,
        long timestamp,
        String idempotencyKey,
        long idempotentUntil) {

    public NewModelVersion {
        tags = Map.copyOf(tags);
    }
}

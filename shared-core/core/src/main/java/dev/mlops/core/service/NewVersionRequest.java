package dev.mlops.core.service;

import dev.mlops.core.domain.Tag;
import java.util.List;

/**
 * A create-model-version call as MLflow's CreateModelVersion carries it, plus {@code idempotencyKey}: the client's
 * Idempotency-Key header, or null (then the request's fingerprint is the key; see
 * {@link RegistryService#createModelVersion}). {@code userId} is who asks, when the edge knows.
 */
public record NewVersionRequest(String name, String source, String runId, List<Tag> tags, String runLink,
                                String description, String modelId, String userId, String idempotencyKey) {

    public NewVersionRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}

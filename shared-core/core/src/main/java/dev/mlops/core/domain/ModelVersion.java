package dev.mlops.core.domain;

import java.util.Map;

/**
 * One immutable registration of a model's artifacts. {@code version} counts from 1 per model with no gaps.
 * {@code tags} include the reserved {@code mlops.*} seed metadata (framework, checksum, size, ...), so the MLflow
 * search grammar filters on them. {@code modelId} links an MLflow 3 logged model, or is null.
 */
public record ModelVersion(
        String name,
        int version,
        long creationTimestamp,
        long lastUpdatedTimestamp,
        String userId,
        ModelStage stage,
        String description,
        String source,
        String runId,
        String runLink,
        VersionStatus status,
        String statusMessage,
        Map<String, String> tags,
        String modelId) {

    public ModelVersion {
        tags = Map.copyOf(tags);
    }
}

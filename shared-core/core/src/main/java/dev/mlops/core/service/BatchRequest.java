package dev.mlops.core.service;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Tag;
import java.util.List;

/**
 * What log-batch carries, already decoded from the wire. {@code modelPoints} are those of {@code metrics} that were
 * logged against a logged model ({@code model_id} on the wire), which the model records too.
 */
public record BatchRequest(List<MetricPoint> metrics, List<Param> params, List<Tag> tags,
                           List<ModelPoint> modelPoints) {

    /** A metric point logged against a logged model, optionally for a dataset. */
    public record ModelPoint(String modelId, MetricPoint point, String datasetName, String datasetDigest) {
    }

    public BatchRequest {
        metrics = List.copyOf(metrics);
        params = List.copyOf(params);
        tags = List.copyOf(tags);
        modelPoints = modelPoints == null ? List.of() : List.copyOf(modelPoints);
    }

    public BatchRequest(List<MetricPoint> metrics, List<Param> params, List<Tag> tags) {
        this(metrics, params, tags, List.of());
    }
}

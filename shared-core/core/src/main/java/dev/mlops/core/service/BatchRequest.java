package dev.mlops.core.service;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Tag;
import java.util.List;

/** What log-batch carries, already decoded from the wire. */
public record BatchRequest(List<MetricPoint> metrics, List<Param> params, List<Tag> tags) {

    public BatchRequest {
        metrics = List.copyOf(metrics);
        params = List.copyOf(params);
        tags = List.copyOf(tags);
    }
}

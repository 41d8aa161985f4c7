package dev.mlops.core.search;

import dev.mlops.core.domain.ModelMetric;
import java.util.Objects;

/** A dataset named in a logged-model search or order_by: its name, and optionally its digest. */
public record DatasetRef(String name, String digest) {

    /** Whether the metric was logged for this dataset (any digest when none is given). */
    public boolean covers(ModelMetric metric) {
        return Objects.equals(name, metric.datasetName()) && (digest == null || digest.equals(metric.datasetDigest()));
    }
}

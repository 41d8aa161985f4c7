package dev.mlops.core.service;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.ModelMetric;
import dev.mlops.core.error.NotSupportedException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.service.BatchRequest.ModelPoint;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric points a run logs against a logged model ({@code log_metric(..., model_id=...)}): besides the run's own
 * history, each model records them, so {@code get_logged_model(id).metrics} lists them and
 * {@code search_logged_models(datasets=[...])} can filter on their datasets.
 */
final class ModelMetricLinks {

    /** For services built without a logged-model store: any model link is refused. */
    static final ModelMetricLinks NONE = new ModelMetricLinks(null, InstantSource.system());

    private final LoggedModelStore models;
    private final InstantSource clock;

    ModelMetricLinks(LoggedModelStore models, InstantSource clock) {
        this.models = models;
        this.clock = clock;
    }

    /** Before anything is written: every model the points name must exist and be active. */
    void check(List<ModelPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        if (models == null) {
            throw new NotSupportedException("This server does not record metrics of logged models.");
        }
        for (String modelId : byModel("", points).keySet()) {
            if (!Validation.isRunId(modelId) || models.get(modelId)
                    .filter(m -> m.lifecycleStage() == LifecycleStage.ACTIVE).isEmpty()) {
                throw new ResourceNotFoundException("Logged model with ID '" + modelId + "' not found.");
            }
        }
    }

    /** Adds the points to their models, after the run has them. */
    void record(String runId, List<ModelPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        byModel(runId, points).forEach((modelId, metrics) ->
                models.update(modelId, model -> model.withMetrics(metrics, clock.millis())));
    }

    private static Map<String, List<ModelMetric>> byModel(String runId, List<ModelPoint> points) {
        Map<String, List<ModelMetric>> byModel = new LinkedHashMap<>();
        for (ModelPoint p : points) {
            byModel.computeIfAbsent(p.modelId(), id -> new ArrayList<>()).add(new ModelMetric(p.point().key(),
                    p.point().value(), p.point().timestamp(), p.point().step(), runId, blankToNull(p.datasetName()),
                    blankToNull(p.datasetDigest())));
        }
        return byModel;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

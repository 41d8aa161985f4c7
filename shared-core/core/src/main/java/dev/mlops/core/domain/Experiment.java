package dev.mlops.core.domain;

import java.util.Map;

/** An experiment groups runs; {@code tags} is ordered by key for stable output. */
public record Experiment(
        String experimentId,
        String name,
        String artifactLocation,
        LifecycleStage lifecycleStage,
        long creationTime,
        long lastUpdateTime,
        Map<String, String> tags) {

    public static final String DEFAULT_ID = "0";
    public static final String DEFAULT_NAME = "Default";

    public Experiment {
        tags = Map.copyOf(tags);
    }

    public Experiment withName(String newName, long now) {
        return new Experiment(experimentId, newName, artifactLocation, lifecycleStage, creationTime, now, tags);
    }

    public Experiment withLifecycle(LifecycleStage stage, long now) {
        return new Experiment(experimentId, name, artifactLocation, stage, creationTime, now, tags);
    }

    public Experiment withTags(Map<String, String> newTags, long now) {
        return new Experiment(experimentId, name, artifactLocation, lifecycleStage, creationTime, now, newTags);
    }
}

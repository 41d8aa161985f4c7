package dev.mlops.core.port;

import dev.mlops.core.domain.MetricPoint;
import java.util.List;
import java.util.Map;

/**
 * One atomic change to a run's data. The store applies all of it or none: a param whose stored value differs fails the
 * whole update. {@code latestCandidates} are points that may replace the run's latest value per key.
 */
public record RunUpdate(Map<String, String> params, Map<String, String> setTags, List<String> deleteTags,
                        List<MetricPoint> latestCandidates) {

    public RunUpdate {
        params = Map.copyOf(params);
        setTags = Map.copyOf(setTags);
        deleteTags = List.copyOf(deleteTags);
        latestCandidates = List.copyOf(latestCandidates);
    }

    public static RunUpdate tags(Map<String, String> tags) {
        return new RunUpdate(Map.of(), tags, List.of(), List.of());
    }
}

package dev.mlops.core.port;

import java.util.Map;

/** What create-experiment asks for; a null {@code artifactLocation} lets the store choose its default. */
public record NewExperiment(String name, String artifactLocation, Map<String, String> tags, long creationTime) {

    public NewExperiment {
        tags = Map.copyOf(tags);
    }
}

package dev.mlops.core.domain;

import java.util.Map;

/**
 * A named model. {@code tags} is ordered by key; {@code aliases} maps alias to version number. The latest versions
 * per stage are not stored here; the service assembles them from the versions.
 */
public record RegisteredModel(
        String name,
        long creationTimestamp,
        long lastUpdatedTimestamp,
        String description,
        Map<String, String> tags,
        Map<String, Integer> aliases) {

    public RegisteredModel {
        tags = Map.copyOf(tags);
        aliases = Map.copyOf(aliases);
    }
}

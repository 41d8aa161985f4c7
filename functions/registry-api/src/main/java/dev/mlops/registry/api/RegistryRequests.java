package dev.mlops.registry.api;

import dev.mlops.api.dto.TrackingRequests.KeyValue;
import java.util.List;

/** Request bodies of the registry API, named as in MLflow's model_registry.proto (JSON is snake_case). */
public final class RegistryRequests {

    private RegistryRequests() {
    }

    public record CreateRegisteredModel(String name, List<KeyValue> tags, String description) {
    }

    public record RenameRegisteredModel(String name, String newName) {
    }

    public record UpdateRegisteredModel(String name, String description) {
    }

    public record ModelRef(String name) {
    }

    public record LatestVersions(String name, List<String> stages) {
    }

    public record ModelTag(String name, String key, String value) {
    }

    public record Alias(String name, String alias, String version) {
    }

    public record CreateModelVersion(String name, String source, String runId, List<KeyValue> tags, String runLink,
                                     String description, String modelId) {
    }

    public record VersionRef(String name, String version) {
    }

    public record UpdateModelVersion(String name, String version, String description) {
    }

    public record TransitionStage(String name, String version, String stage, Boolean archiveExistingVersions) {
    }

    public record VersionTag(String name, String version, String key, String value) {
    }
}

package dev.mlops.registry.api;

import dev.mlops.api.dto.TrackingViews.KeyValue;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.service.RegistryViews.ModelView;
import dev.mlops.core.service.RegistryViews.VersionView;
import java.util.List;
import java.util.Map;

/**
 * Response shapes of the registry API, as model_registry.proto: versions are strings, timestamps numbers, enums
 * their names, tags {@code [{key, value}]} sorted by key.
 */
public final class RegistryResponses {

    private RegistryResponses() {
    }

    public record AliasView(String alias, String version) {
    }

    public record ModelVersionView(String name, String version, long creationTimestamp, long lastUpdatedTimestamp,
                                   String userId, String currentStage, String description, String source,
                                   String runId, String status, String statusMessage, List<KeyValue> tags,
                                   String runLink, List<String> aliases, String modelId) {
    }

    public record RegisteredModelView(String name, long creationTimestamp, long lastUpdatedTimestamp,
                                      String description, List<ModelVersionView> latestVersions,
                                      List<KeyValue> tags, List<AliasView> aliases) {
    }

    public record RegisteredModelResponse(RegisteredModelView registeredModel) {
    }

    public record RegisteredModelsPage(List<RegisteredModelView> registeredModels, String nextPageToken) {
    }

    public record ModelVersionResponse(ModelVersionView modelVersion) {
    }

    public record ModelVersionsResponse(List<ModelVersionView> modelVersions) {
    }

    public record ModelVersionsPage(List<ModelVersionView> modelVersions, String nextPageToken) {
    }

    public record DownloadUri(String artifactUri) {
    }

    public static RegisteredModelView model(ModelView view) {
        RegisteredModel m = view.model();
        List<AliasView> aliases = m.aliases().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new AliasView(e.getKey(), Integer.toString(e.getValue())))
                .toList();
        return new RegisteredModelView(m.name(), m.creationTimestamp(), m.lastUpdatedTimestamp(), m.description(),
                view.latestVersions().stream().map(RegistryResponses::version).toList(), keyValues(m.tags()),
                aliases);
    }

    public static ModelVersionView version(VersionView view) {
        ModelVersion v = view.version();
        return new ModelVersionView(v.name(), Integer.toString(v.version()), v.creationTimestamp(),
                v.lastUpdatedTimestamp(), v.userId(), v.stage().wire(), v.description(), v.source(), v.runId(),
                v.status().name(), v.statusMessage(), keyValues(v.tags()), v.runLink(), view.aliases(),
                v.modelId());
    }

    private static List<KeyValue> keyValues(Map<String, String> map) {
        return map.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new KeyValue(e.getKey(), e.getValue()))
                .toList();
    }
}

package dev.mlops.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.webhook.PythonJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code mlflow.modelVersions} tag MLflow's server keeps on a logged model: the registered versions made from
 * it, as Python's {@code json.dumps} writes them ({@code [{"name": "m", "version": 1}]}), oldest first.
 */
final class LoggedModelVersions {

    static final String TAG = "mlflow.modelVersions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoggedModelVersions() {
    }

    static void record(LoggedModelStore store, String modelId, String name, int version, long now) {
        store.update(modelId, model -> {
            String updated = withVersion(model.tags().get(TAG), name, version);
            if (updated.equals(model.tags().get(TAG))) {
                return model;
            }
            Map<String, String> tags = new LinkedHashMap<>(model.tags());
            tags.put(TAG, updated);
            return model.withTags(tags, now);
        });
    }

    static String withVersion(String existing, String name, int version) {
        List<Map.Entry<String, Integer>> versions = new ArrayList<>(parse(existing));
        Map.Entry<String, Integer> added = Map.entry(name, version);
        if (!versions.contains(added)) {
            versions.add(added);
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < versions.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append("{\"name\": ").append(PythonJson.string(versions.get(i).getKey()))
                    .append(", \"version\": ").append(versions.get(i).getValue()).append('}');
        }
        return out.append(']').toString();
    }

    /** The entries of a tag written by us or by MLflow; a tag that is not such a list counts as empty. */
    private static List<Map.Entry<String, Integer>> parse(String existing) {
        List<Map.Entry<String, Integer>> versions = new ArrayList<>();
        if (existing == null || existing.isBlank()) {
            return versions;
        }
        try {
            for (JsonNode entry : JSON.readTree(existing)) {
                if (entry.hasNonNull("name") && entry.has("version") && entry.get("version").canConvertToInt()) {
                    versions.add(Map.entry(entry.get("name").asText(), entry.get("version").asInt()));
                }
            }
        } catch (java.io.IOException notAList) {
            versions.clear();
        }
        return versions;
    }
}

package dev.mlops.api.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resource ids of a call, as typed ids ({@code run/<id>}, {@code experiment/<id>},
 * {@code registered_model/<name>}, {@code model_version/<name>/<version>}, {@code logged_model/<id>},
 * {@code webhook/<id>}, {@code artifact/<path>}). Read from identifier fields only: the top level of the JSON body,
 * the query string, path parameters, and the ids a create answers with. Values of params, tags or metrics are never
 * read, since only these field names are looked at and never nested under {@code tags}, {@code params} or
 * {@code metrics}.
 */
final class AuditResources {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> ID_FIELDS = Set.of("run_id", "run_uuid", "experiment_id", "model_id", "name",
            "new_name", "version", "alias", "webhook_id");
    /** Where a create answers with its new id: run.info.run_id, experiment_id, model.info.model_id, ... */
    private static final List<List<String>> ANSWER_PATHS = List.of(List.of("experiment_id"),
            List.of("run", "info", "run_id"), List.of("run", "info", "experiment_id"),
            List.of("model", "info", "model_id"), List.of("model", "info", "experiment_id"),
            List.of("registered_model", "name"), List.of("model_version", "name"),
            List.of("model_version", "version"), List.of("webhook", "webhook_id"));

    private AuditResources() {
    }

    /** Top-level identifier fields of a JSON body, by streaming over it (nested values are skipped unread). */
    static Map<String, String> bodyIds(byte[] body) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return ids;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return ids;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                } else if (ID_FIELDS.contains(field) && value != JsonToken.VALUE_NULL) {
                    ids.put(field, parser.getText());
                }
            }
        } catch (IOException malformed) {
            // a malformed body was refused by the API; what was read so far still names the resource
        }
        return ids;
    }

    /** Identifier fields from query parameters or path parameters (first value each). */
    static Map<String, String> ids(Map<String, List<String>> parameters) {
        Map<String, String> ids = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (ID_FIELDS.contains(name) && values != null && !values.isEmpty() && values.getFirst() != null
                    && !values.getFirst().isEmpty()) {
                ids.put(name, values.getFirst());
            }
        });
        return ids;
    }

    /** The ids a successful answer names (new runs, experiments, models, versions, webhooks). */
    static Map<String, String> answerIds(JsonNode answer) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (answer == null || !answer.isObject()) {
            return ids;
        }
        for (List<String> path : ANSWER_PATHS) {
            JsonNode node = answer;
            for (String step : path) {
                node = node.path(step);
            }
            if (node.isValueNode() && !node.asText().isEmpty()) {
                ids.putIfAbsent(path.getLast(), node.asText());
            }
        }
        return ids;
    }

    /**
     * Typed resources from the collected ids. {@code registry} says whether {@code name} is a registered model
     * (registry routes) or something else (an experiment name, which is not an id).
     */
    static List<String> typed(Map<String, String> ids, boolean registry) {
        Set<String> out = new LinkedHashSet<>();
        String run = ids.getOrDefault("run_id", ids.get("run_uuid"));
        if (ids.containsKey("experiment_id")) {
            out.add("experiment/" + ids.get("experiment_id"));
        }
        if (run != null && !registry) {
            out.add("run/" + run);
        }
        if (ids.containsKey("model_id") && !registry) {
            out.add("logged_model/" + ids.get("model_id"));
        }
        if (registry && ids.containsKey("name")) {
            String name = ids.get("name");
            out.add("registered_model/" + name);
            if (ids.containsKey("version")) {
                out.add("model_version/" + name + "/" + ids.get("version"));
            }
            if (ids.containsKey("alias")) {
                out.add("alias/" + name + "@" + ids.get("alias"));
            }
            if (ids.containsKey("new_name")) {
                out.add("registered_model/" + ids.get("new_name"));
            }
        }
        if (ids.containsKey("webhook_id")) {
            out.add("webhook/" + ids.get("webhook_id"));
        }
        return List.copyOf(out);
    }
}

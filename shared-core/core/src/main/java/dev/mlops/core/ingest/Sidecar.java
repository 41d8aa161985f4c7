package dev.mlops.core.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.service.Validation;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The optional {@code <model-file>.mlops.json} next to a model file:
 * {@code {"framework": "sklearn", "metrics": {"auc": 0.91}, "tags": {"team": "risk"}, "run_id": "...",
 * "description": "..."}}. Every field is optional; unknown fields and wrong types are refused, so a typo does not
 * silently drop metadata. Tags may not use the reserved {@code mlops.} namespace.
 */
public record Sidecar(String framework, Map<String, Double> metrics, Map<String, String> tags, String runId,
                      String description) {

    /** Sidecars are read whole; a metadata file has no reason to be larger. */
    public static final int MAX_BYTES = 64 * 1024;
    public static final Sidecar NONE = new Sidecar(null, Map.of(), Map.of(), null, null);
    static final String RESERVED_TAG_PREFIX = "mlops.";
    static final int MAX_TAG_VALUE_LENGTH = 100_000; // MLflow's MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH

    private static final Set<String> FIELDS = Set.of("framework", "metrics", "tags", "run_id", "description");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public Sidecar {
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
    }

    /** Parses and validates; {@code key} names the sidecar in error messages. */
    public static Sidecar parse(String key, byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw bad(key, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw bad(key, "it could not be read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw bad(key, "it must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw bad(key, "unknown field '" + field + "' (known: framework, metrics, tags, run_id, description)");
            }
        }
        String runId = text(key, root, "run_id");
        if (runId != null) {
            try {
                Validation.runId(runId);
            } catch (InvalidParameterException e) {
                throw bad(key, "run_id '" + runId + "' is not a run id");
            }
        }
        return new Sidecar(text(key, root, "framework"), metrics(key, root.get("metrics")),
                tags(key, root.get("tags")), runId, text(key, root, "description"));
    }

    private static String text(String key, JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw bad(key, "'" + field + "' must be a string, not " + kind(node));
        }
        return node.asText();
    }

    private static Map<String, Double> metrics(String key, JsonNode node) {
        Map<String, Double> metrics = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : entries(key, node, "metrics")) {
            JsonNode value = entry.getValue();
            if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                throw bad(key, "metric '" + entry.getKey() + "' must be a finite number, not " + kind(value));
            }
            metrics.put(validKey(key, "metric", entry.getKey()), value.asDouble());
        }
        return metrics;
    }

    private static Map<String, String> tags(String key, JsonNode node) {
        Map<String, String> tags = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : entries(key, node, "tags")) {
            String tag = validKey(key, "tag", entry.getKey());
            if (tag.startsWith(RESERVED_TAG_PREFIX)) {
                throw bad(key, "tag '" + tag + "' uses the reserved '" + RESERVED_TAG_PREFIX + "' namespace");
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                throw bad(key, "tag '" + tag + "' must have a string value, not " + kind(value));
            }
            if (value.asText().length() > MAX_TAG_VALUE_LENGTH) {
                throw bad(key, "tag '" + tag + "' is longer than " + MAX_TAG_VALUE_LENGTH + " characters");
            }
            tags.put(tag, value.asText());
        }
        return tags;
    }

    private static Iterable<Map.Entry<String, JsonNode>> entries(String key, JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return java.util.List.of();
        }
        if (!node.isObject()) {
            throw bad(key, "'" + field + "' must be an object, not " + kind(node));
        }
        return node::fields;
    }

    private static String validKey(String key, String kind, String name) {
        try {
            return Validation.key(kind, name);
        } catch (InvalidParameterException e) {
            throw bad(key, e.getMessage());
        }
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static InvalidParameterException bad(String key, String why) {
        return new InvalidParameterException("Sidecar '" + key + "' is invalid: " + why + ".");
    }
}

package dev.mlops.core.search;

import dev.mlops.core.error.InvalidParameterException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names one search endpoint understands: entity prefixes, attribute keys (spelling as written mapped to the
 * canonical key) and dataset keys. Prefixes and attribute names are case-sensitive, as in MLflow.
 */
record KeySpace(Map<String, EntityType> prefixes, Map<String, String> attributes, Set<String> datasetKeys) {

    /** An identifier resolved to its entity and unquoted, canonical key. */
    record Key(EntityType type, String key) {
    }

    static final Map<String, EntityType> RUN_PREFIXES = Map.ofEntries(
            Map.entry("metric", EntityType.METRIC), Map.entry("metrics", EntityType.METRIC),
            Map.entry("parameter", EntityType.PARAM), Map.entry("parameters", EntityType.PARAM),
            Map.entry("param", EntityType.PARAM), Map.entry("params", EntityType.PARAM),
            Map.entry("tag", EntityType.TAG), Map.entry("tags", EntityType.TAG),
            Map.entry("attribute", EntityType.ATTRIBUTE), Map.entry("attributes", EntityType.ATTRIBUTE),
            Map.entry("attr", EntityType.ATTRIBUTE), Map.entry("run", EntityType.ATTRIBUTE),
            Map.entry("dataset", EntityType.DATASET), Map.entry("datasets", EntityType.DATASET));

    /** Experiments and the registry accept only these three prefixes (not "attributes" or "attr"). */
    static final Map<String, EntityType> ATTRIBUTE_AND_TAG_PREFIXES = Map.of(
            "attribute", EntityType.ATTRIBUTE, "tag", EntityType.TAG, "tags", EntityType.TAG);

    private static final Map<String, String> RUN_ORDER_ATTRIBUTES = Map.of(
            "run_id", "run_id", "run_name", "run_name", "user_id", "user_id", "status", "status",
            "artifact_uri", "artifact_uri", "start_time", "start_time", "end_time", "end_time",
            "created", "start_time", "Created", "start_time");

    private static final Set<String> DATASET_KEYS = Set.of("name", "digest", "context");

    /** Dataset keys resolve here so that order_by can reject them by entity, as MLflow does. */
    static final KeySpace RUN_ORDER = new KeySpace(RUN_PREFIXES, RUN_ORDER_ATTRIBUTES, DATASET_KEYS);

    /** Filters also accept "run name" spellings (MLflow's UI column titles); order_by does not. */
    static final KeySpace RUN_FILTER = new KeySpace(RUN_PREFIXES, withRunNameAliases(), DATASET_KEYS);

    static final KeySpace EXPERIMENT = new KeySpace(ATTRIBUTE_AND_TAG_PREFIXES, identity(
            "name", "experiment_id", "creation_time", "last_update_time"), Set.of());

    static final KeySpace MODEL = new KeySpace(ATTRIBUTE_AND_TAG_PREFIXES, identity("name"), Set.of());

    /**
     * search-logged-models: MLflow's SearchLoggedModelsUtils keys, with the "_time" spellings of the two timestamps
     * folded into the canonical "_timestamp" ones.
     */
    static final KeySpace LOGGED_MODEL = new KeySpace(Map.ofEntries(
            Map.entry("metric", EntityType.METRIC), Map.entry("metrics", EntityType.METRIC),
            Map.entry("parameter", EntityType.PARAM), Map.entry("parameters", EntityType.PARAM),
            Map.entry("param", EntityType.PARAM), Map.entry("params", EntityType.PARAM),
            Map.entry("tag", EntityType.TAG), Map.entry("tags", EntityType.TAG),
            Map.entry("attribute", EntityType.ATTRIBUTE), Map.entry("attributes", EntityType.ATTRIBUTE),
            Map.entry("attr", EntityType.ATTRIBUTE)),
            Map.of("name", "name", "model_id", "model_id", "model_type", "model_type", "status", "status",
                    "source_run_id", "source_run_id", "creation_timestamp", "creation_timestamp",
                    "creation_time", "creation_timestamp", "last_updated_timestamp", "last_updated_timestamp",
                    "last_updated_time", "last_updated_timestamp"),
            Set.of());

    static final KeySpace MODEL_VERSION = new KeySpace(ATTRIBUTE_AND_TAG_PREFIXES, identity(
            "name", "version_number", "run_id", "source_path"), Set.of());

    Key resolve(FilterScanner.RawIdentifier id) {
        if (id.prefix() == null) {
            return attribute(unquote(id.key()), id);
        }
        String prefix = trimBackticks(id.prefix());
        EntityType type = prefixes.get(prefix);
        if (type == null) {
            throw new InvalidParameterException("Invalid entity type '" + prefix + "'. Valid values are "
                    + new TreeSet<>(prefixes.keySet()));
        }
        String key = unquote(id.key());
        return switch (type) {
            case ATTRIBUTE -> attribute(key, id);
            case DATASET -> dataset(key);
            default -> new Key(type, nonEmpty(key, id));
        };
    }

    private Key attribute(String key, FilterScanner.RawIdentifier id) {
        String canonical = attributes.get(nonEmpty(key, id));
        if (canonical == null) {
            throw new InvalidParameterException("Invalid attribute key '" + key + "' specified. Valid keys are '"
                    + new TreeSet<>(attributes.keySet()) + "'");
        }
        return new Key(EntityType.ATTRIBUTE, canonical);
    }

    private Key dataset(String key) {
        if (!datasetKeys.contains(key)) {
            throw new InvalidParameterException("Invalid dataset key '" + key + "' specified. Valid keys are '"
                    + new TreeSet<>(datasetKeys) + "'");
        }
        return new Key(EntityType.DATASET, key);
    }

    private static String nonEmpty(String key, FilterScanner.RawIdentifier id) {
        if (key.isEmpty()) {
            throw new InvalidParameterException("Invalid identifier '" + id.text() + "'. Columns should be "
                    + "specified as 'attribute.<key>', 'metric.<key>', 'tag.<key>', 'dataset.<key>', or 'param.<key>'.");
        }
        return key;
    }

    /** MLflow strips one pair of ' or " quotes, then one pair of backticks; escapes inside stay verbatim. */
    static String unquote(String key) {
        String stripped = isWrapped(key, '\'') || isWrapped(key, '"') ? key.substring(1, key.length() - 1) : key;
        return trimBackticks(stripped);
    }

    private static String trimBackticks(String text) {
        return isWrapped(text, '`') ? text.substring(1, text.length() - 1) : text;
    }

    private static boolean isWrapped(String text, char quote) {
        return text.length() >= 2 && text.charAt(0) == quote && text.charAt(text.length() - 1) == quote;
    }

    private static Map<String, String> identity(String... keys) {
        var map = new HashMap<String, String>();
        for (String key : keys) {
            map.put(key, key);
        }
        return Map.copyOf(map);
    }

    private static Map<String, String> withRunNameAliases() {
        var map = new HashMap<>(RUN_ORDER_ATTRIBUTES);
        map.put("run name", "run_name");
        map.put("Run name", "run_name");
        map.put("Run Name", "run_name");
        return Map.copyOf(map);
    }
}

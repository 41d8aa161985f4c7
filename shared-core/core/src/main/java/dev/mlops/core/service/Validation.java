package dev.mlops.core.service;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.webhook.PythonJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.regex.Pattern;

/** MLflow's input rules (mlflow/utils/validation.py). Every check runs before anything is written. */
public final class Validation {

    public static final int MAX_ENTITY_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_RUN_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_PER_BATCH = 100;
    public static final int MAX_TAGS_PER_BATCH = 100;
    public static final int MAX_ENTITIES_PER_BATCH = 1000;
    public static final int MAX_RUN_NAME_LENGTH = 250;

    private static final Pattern KEY = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");
    private static final Pattern EXPERIMENT_ID = Pattern.compile("^[0-9]{1,19}$");

    private Validation() {
    }

    /**
     * A metric, param or tag key on the single-item endpoints, named as MLflow names it in messages: {@code name}
     * for a metric, {@code key} for a param or tag.
     */
    public static String key(String kind, String key) {
        return key(kind, kind.equals("metric") ? "name" : "key", key);
    }

    /**
     * A metric, param or tag key, {@code path} naming it in messages ({@code metrics[3].name}): MLflow's character
     * set, a normalised path (no {@code a//b}, {@code a/./b}, {@code a/}, {@code ..} or leading {@code /}, which
     * would name another key once treated as a file), and at most 250 characters.
     */
    public static String key(String kind, String path, String key) {
        String name = required(path, key);
        if (!KEY.matcher(name).matches()) {
            throw new InvalidParameterException(invalidValue(path, name, "Names may only contain alphanumerics, "
                    + "underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/)."));
        }
        String normal = PosixPaths.normalize(name);
        if (!normal.equals(name) || normal.equals(".") || normal.startsWith("..") || normal.startsWith("/")) {
            throw new InvalidParameterException(invalidValue(path, name, "Names may be treated as files in certain "
                    + "cases, and must not resolve to other names when treated as such. This name would resolve to '"
                    + normal + "'"));
        }
        if (name.length() > MAX_ENTITY_KEY_LENGTH) {
            throw new InvalidParameterException("'%s' exceeds the maximum length of %d characters"
                    .formatted(lengthName(kind, path), MAX_ENTITY_KEY_LENGTH));
        }
        return name;
    }

    /** MLflow's {@code Invalid value <json> for parameter '<path>' supplied[: <why>]}. */
    public static String invalidValue(String path, String value, String why) {
        return invalidJson(path, PythonJson.string(value), why);
    }

    private static String invalidJson(String path, String json, String why) {
        String text = "Invalid value " + json + " for parameter '" + path + "' supplied";
        return why == null ? text + "." : text + ": " + why;
    }

    /**
     * Validates tag keys and values ({@code checkedValue} holds the value limit); later keys win. With a
     * {@code field}, keys are named in messages by their place in the request ({@code tags[1].key}).
     */
    public static Map<String, String> tags(List<Tag> tags, BinaryOperator<String> checkedValue, String field) {
        Map<String, String> map = new LinkedHashMap<>();
        List<Tag> list = tags == null ? List.of() : tags;
        for (int i = 0; i < list.size(); i++) {
            Tag tag = list.get(i);
            key("tag", field == null ? "key" : field + "[" + i + "].key", tag.key());
            map.put(tag.key(), checkedValue.apply(tag.key(), tag.value()));
        }
        return map;
    }

    public static String paramValue(String key, String value) {
        return boundedValue("param", key, value, MAX_PARAM_VALUE_LENGTH);
    }

    public static String runTagValue(String key, String value) {
        return boundedValue("tag", key, value, MAX_RUN_TAG_VALUE_LENGTH);
    }

    public static String experimentTagValue(String key, String value) {
        return boundedValue("tag", key, value, MAX_EXPERIMENT_TAG_VALUE_LENGTH);
    }

    public static MetricPoint metric(MetricPoint point) {
        return metric(point, "");
    }

    /** A metric point; {@code prefix} is {@code ""} on log-metric and {@code metrics[i].} in a batch. */
    public static MetricPoint metric(MetricPoint point, String prefix) {
        key("metric", prefix + "name", point.key());
        if (point.timestamp() < 0) {
            throw new InvalidParameterException(invalidJson(prefix + "timestamp", Long.toString(point.timestamp()),
                    "metric '" + point.key() + "' (value=" + point.value() + "). Timestamp must be a nonnegative "
                            + "long (64-bit integer) "));
        }
        return point;
    }

    public static String experimentName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidParameterException("Invalid experiment name: '" + name + "'. It must not be empty.");
        }
        if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
            throw new InvalidParameterException("Experiment name is %d characters long; the limit is %d."
                    .formatted(name.length(), MAX_EXPERIMENT_NAME_LENGTH));
        }
        return name;
    }

    public static String runName(String name) {
        if (name != null && name.length() > MAX_RUN_NAME_LENGTH) {
            throw new InvalidParameterException("Run name is %d characters long; the limit is %d."
                    .formatted(name.length(), MAX_RUN_NAME_LENGTH));
        }
        return name;
    }

    public static String runId(String runId) {
        String id = required("run_id", runId);
        if (!RUN_ID.matcher(id).matches()) {
            throw new InvalidParameterException(invalidValue("run_id", id, null));
        }
        return id;
    }

    /** Whether the text has the shape of a run (or logged model) id, without throwing. */
    public static boolean isRunId(String id) {
        return id != null && RUN_ID.matcher(id).matches();
    }

    public static String experimentId(String experimentId) {
        String id = required("experiment_id", experimentId);
        if (!EXPERIMENT_ID.matcher(id).matches()) {
            throw new InvalidParameterException(invalidValue("experiment_id", id, null));
        }
        return id;
    }

    public static void batchLimits(int metrics, int params, int tags) {
        if (metrics > MAX_METRICS_PER_BATCH || params > MAX_PARAMS_PER_BATCH || tags > MAX_TAGS_PER_BATCH
                || metrics + params + tags > MAX_ENTITIES_PER_BATCH) {
            throw new InvalidParameterException(("A batch logging request can contain at most %d metrics, %d params, "
                    + "%d tags and %d items in all; got %d metrics, %d params and %d tags.")
                    .formatted(MAX_METRICS_PER_BATCH, MAX_PARAMS_PER_BATCH, MAX_TAGS_PER_BATCH,
                            MAX_ENTITIES_PER_BATCH, metrics, params, tags));
        }
    }

    public static int maxResults(Integer requested, int defaultValue, int limit) {
        if (requested == null) {
            return defaultValue;
        }
        if (requested < 1 || requested > limit) {
            throw new InvalidParameterException(
                    "Invalid value %d for parameter 'max_results' supplied. It must be between 1 and %d."
                            .formatted(requested, limit));
        }
        return requested;
    }

    public static <T> T required(String parameter, T value) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            throw new InvalidParameterException("Missing value for required parameter '" + parameter + "'.");
        }
        return value;
    }

    private static String boundedValue(String kind, String key, String value, int limit) {
        String text = value == null ? "" : value;
        if (text.length() > limit) {
            throw new InvalidParameterException("%s '%s' has a value of %d characters; the limit is %d."
                    .formatted(capitalized(kind), key, text.length(), limit));
        }
        return text;
    }

    /** The subject of MLflow's length messages: {@code 'Metric name'}, {@code 'Param key'}, or the tag's path. */
    private static String lengthName(String kind, String path) {
        return switch (kind) {
            case "metric" -> "Metric name";
            case "param" -> "Param key";
            default -> path;
        };
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}

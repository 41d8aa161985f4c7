package dev.mlops.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format record: dimensions and metric values as top-level fields, and the
 * {@code _aws} directive that tells CloudWatch Logs which fields are metrics (with units) under which dimensions.
 * One line holds at most 100 metrics sharing one dimension set.
 */
public final class EmfLine {

    public static final int MAX_METRICS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;
    private final Map<String, String> dimensions;
    private final Map<String, Number> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    public EmfLine(String namespace, Map<String, String> dimensions) {
        this.namespace = namespace;
        this.dimensions = new LinkedHashMap<>(dimensions);
    }

    /** Adds a metric; {@code unit} is a CloudWatch unit: Count, Milliseconds, Seconds, Bytes, Percent, None. */
    public EmfLine metric(String name, Number value, String unit) {
        if (values.size() >= MAX_METRICS) {
            throw new IllegalStateException("an EMF record holds at most " + MAX_METRICS + " metrics");
        }
        values.put(name, value);
        units.put(name, unit);
        return this;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public int size() {
        return values.size();
    }

    public String toJson(long timestampMillis) {
        List<Map<String, String>> metrics = new ArrayList<>();
        units.forEach((name, unit) -> metrics.add(Map.of("Name", name, "Unit", unit)));
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", namespace);
        directive.put("Dimensions", List.of(List.copyOf(dimensions.keySet())));
        directive.put("Metrics", metrics);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("_aws", Map.of("Timestamp", timestampMillis, "CloudWatchMetrics", List.of(directive)));
        record.putAll(dimensions);
        record.putAll(values);
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

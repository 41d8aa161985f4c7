package dev.mlops.aws.dynamo;

import dev.mlops.core.recovery.PartEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The manifest's counts for the table parts, from the items' keys (and for the buffer, their point counts). */
public final class DynamoCounts {

    private DynamoCounts() {
    }

    public static Map<String, Long> metadata(List<PartEntry> entries) {
        Map<String, Long> counts = new HashMap<>(Map.of("experiments", 0L, "runs", 0L, "logged_models", 0L));
        for (PartEntry e : entries) {
            List<String> key = DynamoTablePart.parts(e.path());
            if (key.size() < 2) {
                continue;
            }
            String pk = key.get(0);
            String sk = key.get(1);
            if (pk.startsWith("E#") && sk.equals(MetaSchema.EXPERIMENT_SK)) {
                counts.merge("experiments", 1L, Long::sum);
            } else if (pk.startsWith("R#") && sk.equals(MetaSchema.HEADER_SK)) {
                counts.merge("runs", 1L, Long::sum);
            } else if (pk.startsWith("L#") && sk.equals(DynamoLoggedModelStore.SK)) {
                counts.merge("logged_models", 1L, Long::sum);
            }
        }
        return counts;
    }

    public static Map<String, Long> registry(List<PartEntry> entries) {
        Map<String, Long> counts = new HashMap<>(Map.of("registered_models", 0L, "model_versions", 0L));
        for (PartEntry e : entries) {
            List<String> key = DynamoTablePart.parts(e.path());
            if (key.size() < 2) {
                continue;
            }
            if (key.get(1).equals(RegistrySchema.MODEL_SK)) {
                counts.merge("registered_models", 1L, Long::sum);
            } else if (key.get(1).startsWith(RegistrySchema.VERSION)) {
                counts.merge("model_versions", 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Points in live batches (flushed-but-unreleased ones included) and in the files the manifests list. */
    public static Map<String, Long> metrics(List<PartEntry> entries) {
        long buffered = 0;
        long lake = 0;
        for (PartEntry e : entries) {
            Map<String, AttributeValue> item = DynamoJson.decode(e.body());
            String run = item.get(DynamoTables.METRIC_RUN).s();
            String sk = item.get(DynamoTables.METRIC_BATCH).s();
            if (sk.equals(DynamoMetricStore.MANIFEST_SK)) {
                lake += DynamoMetricStore.manifest(run, item).points();
            } else if (item.containsKey(DynamoMetricStore.POINTS) && item.containsKey(DynamoMetricStore.COUNT)) {
                buffered += Long.parseLong(item.get(DynamoMetricStore.COUNT).n());
            }
        }
        return Map.of("buffered_points", buffered, "lake_points", lake);
    }
}

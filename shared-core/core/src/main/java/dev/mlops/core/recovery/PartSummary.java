package dev.mlops.core.recovery;

import java.util.Map;
import java.util.TreeMap;

/**
 * A part as the manifest lists it: its provider, the SHA-256 of its document (the sorted entries as JSON lines), how
 * many entries and how many bytes of objects they reference, and counts by kind (runs, versions, lake files...).
 */
public record PartSummary(String name, String provider, String sha256, long documentBytes, long entries,
                          long objectBytes, Map<String, Long> counts) {

    public PartSummary {
        counts = counts == null ? Map.of() : new TreeMap<>(counts);
    }
}

package dev.mlops.core.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.recovery.PartEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The manifest's counts for the local parts, read from the snapshot's own copies. */
final class LocalCounts {

    private LocalCounts() {
    }

    static Map<String, Long> metadata(List<PartEntry> entries, LocalSnapshotStore store) {
        Map<String, Long> counts = FileTreePart.countByPrefix(entries, Map.of(
                "meta/experiments/", "experiments",
                "meta/runs/", "runs",
                "meta/registry/", "registered_models",
                "meta/logged-models/", "logged_models"));
        long versions = 0;
        for (PartEntry e : entries) {
            if (e.path().startsWith("meta/registry/")) {
                try (InputStream in = store.openObject(e.sha256())) {
                    JsonNode model = JsonFiles.mapper().readTree(in);
                    versions += model.path("versions").size();
                } catch (IOException damaged) {
                    // snapshot verify reports the object; counts are informational
                }
            }
        }
        counts.put("model_versions", versions);
        return counts;
    }

    static Map<String, Long> buffer(List<PartEntry> entries, LocalSnapshotStore store) {
        AtomicLong buffered = new AtomicLong();
        long lakePoints = 0;
        for (PartEntry e : entries) {
            if (e.path().endsWith(".log")) {
                MetricLog.readFrames(store.objectPath(e.sha256()),
                        payload -> buffered.addAndGet(PointBatch.wrap(payload).count()), false);
            } else if (e.path().endsWith(".manifest.json")) {
                try (InputStream in = store.openObject(e.sha256())) {
                    lakePoints += JsonFiles.mapper().readValue(in, LakeManifest.class).points();
                } catch (IOException damaged) {
                    // as above
                }
            }
        }
        Map<String, Long> counts = new HashMap<>();
        counts.put("buffered_points", buffered.get());
        counts.put("lake_points", lakePoints);
        return counts;
    }

    static Map<String, Long> files(List<PartEntry> entries, String kind) {
        Map<String, Long> counts = new HashMap<>();
        counts.put(kind + "_files", (long) entries.size());
        counts.put(kind + "_bytes", entries.stream().mapToLong(PartEntry::size).sum());
        return counts;
    }
}

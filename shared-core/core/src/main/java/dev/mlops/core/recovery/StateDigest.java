package dev.mlops.core.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.core.domain.ContentId;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.Run;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.port.MetricStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A digest of the logical state: records as the services see them, every metric point once (lake and buffer
 * merged, so a flush does not change it), and every artifact's path and bytes. Two states with equal digests hold
 * the same data, however it is laid out: the incident tests take it before damage and after recovery ("nothing
 * lost, nothing duplicated"), and operators can compare a restore with its snapshot's time.
 */
public final class StateDigest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private StateDigest() {
    }

    /** Per-area digests and the root over them. */
    public record Result(String root, Map<String, String> parts, Map<String, Long> counts) {
        public Result {
            parts = new TreeMap<>(parts);
            counts = new TreeMap<>(counts);
        }
    }

    public static Result of(StateView view, MetricStore metrics, List<PartProvider> objectParts) {
        Map<String, String> parts = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        List<Run> runs = view.runs().stream().sorted(Comparator.comparing(Run::runId)).toList();
        parts.put("experiments", records(view.experiments(), Experiment::experimentId, counts, "experiments"));
        parts.put("runs", records(runs, Run::runId, counts, "runs"));
        parts.put("registered_models", records(view.models(), RegisteredModel::name, counts, "registered_models"));
        parts.put("model_versions", records(view.versions(), v -> v.name() + "/" + v.version(), counts,
                "model_versions"));
        parts.put("logged_models", records(view.loggedModels(), LoggedModel::modelId, counts, "logged_models"));
        parts.put("metrics", metrics(runs, metrics, counts));
        for (PartProvider part : objectParts) {
            MessageDigest sha = ContentId.sha256();
            List<PartEntry> entries = part.live().stream().sorted(PartEntry.BY_PATH).toList();
            entries.forEach(e -> sha.update((e.path() + "\t" + e.size() + "\t" + e.sha256() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            parts.put(part.name(), HexFormat.of().formatHex(sha.digest()));
            counts.put(part.name() + "_files", (long) entries.size());
        }
        MessageDigest root = ContentId.sha256();
        parts.forEach((k, v) -> root.update((k + "\t" + v + "\n").getBytes(StandardCharsets.UTF_8)));
        return new Result(HexFormat.of().formatHex(root.digest()), parts, counts);
    }

    private static <T> String records(List<T> records, Function<T, String> id, Map<String, Long> counts,
                                      String kind) {
        MessageDigest sha = ContentId.sha256();
        records.stream().sorted(Comparator.comparing(id)).forEach(r -> {
            try {
                sha.update(JSON.writeValueAsBytes(r));
                sha.update((byte) '\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode " + kind, e);
            }
        });
        counts.put(kind, (long) records.size());
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Every point of every key of every run, in history order, as read through the merged store. */
    private static String metrics(List<Run> runs, MetricStore metrics, Map<String, Long> counts) {
        MessageDigest sha = ContentId.sha256();
        ByteBuffer scratch = ByteBuffer.allocate(24);
        long points = 0;
        for (Run run : runs) {
            for (String key : new TreeSet<>(run.latestMetrics().keySet())) {
                sha.update((run.runId() + "\t" + key + "\n").getBytes(StandardCharsets.UTF_8));
                try (MetricCursor cursor = metrics.series(run.runId(), key, Long.MIN_VALUE, Long.MAX_VALUE, null)) {
                    while (cursor.hasNext()) {
                        MetricPoint p = cursor.next();
                        scratch.clear();
                        scratch.putLong(p.step()).putLong(p.timestamp()).putLong(Double.doubleToLongBits(p.value()));
                        sha.update(scratch.flip());
                        points++;
                    }
                }
            }
        }
        counts.put("metric_points", points);
        return HexFormat.of().formatHex(sha.digest());
    }
}

package dev.mlops.lake;

import dev.mlops.core.domain.ContentId;
import dev.mlops.core.domain.MetricPoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * Where lake files live: {@code <root>/experiment_id=<e>/run_id=<r>/part-<digest>.parquet}. Hive-style partition
 * directories let engines (pyarrow, Athena, DuckDB) prune by experiment and run without opening files; the name is a
 * digest of the points, so re-running the same flush targets the same file instead of adding a duplicate.
 */
public final class LakeLayout {

    static final String PREFIX = "part-";
    static final String SUFFIX = ".parquet";

    /** IDs become path segments; restricting them avoids escaping rules that differ between engines. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final Path root;

    public LakeLayout(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path runDirectory(String experimentId, String runId) {
        return new Path(new Path(root, "experiment_id=" + checked(experimentId)), "run_id=" + checked(runId));
    }

    /** The file for these points, which must already be in {@link MetricRows#ORDER} and distinct. */
    public Path fileFor(String experimentId, String runId, List<MetricPoint> sortedPoints) {
        return new Path(runDirectory(experimentId, runId), PREFIX + digest(experimentId, runId, sortedPoints) + SUFFIX);
    }

    /**
     * SHA-256 (first 128 bits) over the partition values and each point's exact bits, streamed so a million points
     * cost no extra buffer.
     */
    static String digest(String experimentId, String runId, List<MetricPoint> sortedPoints) {
        MessageDigest sha = ContentId.sha256();
        update(sha, experimentId);
        update(sha, runId);
        ByteBuffer scratch = ByteBuffer.allocate(24);
        for (MetricPoint p : sortedPoints) {
            update(sha, p.key());
            scratch.clear();
            scratch.putLong(p.step()).putLong(p.timestamp()).putLong(Double.doubleToLongBits(p.value())).flip();
            sha.update(scratch);
        }
        return ContentId.of(sha);
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static String checked(String id) {
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a path-safe id: " + id);
        }
        return id;
    }
}

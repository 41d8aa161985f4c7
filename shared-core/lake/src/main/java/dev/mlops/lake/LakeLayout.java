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
        return new Path(runDirectory(experimentId, runId), fileName(digest(experimentId, runId, sortedPoints)));
    }

    /** The file name for a content digest. */
    static String fileName(String digest) {
        return PREFIX + digest + SUFFIX;
    }

    /** A lake file's path relative to the root, as manifests record it. */
    public String relative(Path file) {
        String rootText = root.toUri().getPath().replaceAll("/+$", "");
        String fileText = file.toUri().getPath();
        if (!fileText.startsWith(rootText + "/")) {
            throw new IllegalArgumentException(file + " is not under the lake root " + root);
        }
        return fileText.substring(rootText.length() + 1);
    }

    /** Resolves a manifest's relative name, refusing anything that could leave the run's directory. */
    public Path resolve(String relative) {
        if (!RELATIVE.matcher(relative).matches()) {
            throw new IllegalArgumentException("not a lake file name: " + relative);
        }
        return new Path(root, relative);
    }

    private static final Pattern RELATIVE = Pattern.compile(
            "experiment_id=[A-Za-z0-9_.-]{1,128}/run_id=[A-Za-z0-9_.-]{1,128}/part-[0-9a-f]{32}\\.parquet");

    /**
     * SHA-256 (first 128 bits) over the partition values and each point's exact bits, streamed so a million points
     * cost no extra buffer.
     */
    static String digest(String experimentId, String runId, List<MetricPoint> sortedPoints) {
        ContentDigest digest = new ContentDigest(experimentId, runId, List.of());
        sortedPoints.forEach(digest::add);
        return digest.finish();
    }

    /**
     * A file's name in the making: partition values, the buffer batches the file covers and every row, fed as the
     * rows are written. Identical inputs give identical names, so a re-run flush finds its earlier file.
     */
    static final class ContentDigest {
        private final MessageDigest sha = ContentId.sha256();
        private final ByteBuffer scratch = ByteBuffer.allocate(24);

        ContentDigest(String experimentId, String runId, List<String> sortedBatches) {
            update(sha, experimentId);
            update(sha, runId);
            if (!sortedBatches.isEmpty()) {
                update(sha, String.join(",", sortedBatches));
            }
        }

        void add(MetricPoint p) {
            update(sha, p.key());
            scratch.clear();
            scratch.putLong(p.step()).putLong(p.timestamp()).putLong(Double.doubleToLongBits(p.value())).flip();
            sha.update(scratch);
        }

        String finish() {
            return ContentId.of(sha);
        }
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

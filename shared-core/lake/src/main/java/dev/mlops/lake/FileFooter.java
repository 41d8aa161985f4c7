package dev.mlops.lake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * What a lake file says about itself in its footer: whose points it holds, how many, and its lineage, i.e. the
 * buffer batches it was written from and the files it replaces when it is a compaction. The lineage lets a flush
 * that crashed before its commit be finished later from the file alone.
 */
public record FileFooter(String experimentId, String runId, long rows, Lineage lineage) {

    static final String META_BATCHES = "mlops.batches";
    static final String META_REPLACES = "mlops.replaces";

    /** Buffer batch digests covered, and relative names of replaced files (compactions only). */
    public record Lineage(Set<String> batches, Set<String> replaces) {

        public static final Lineage NONE = new Lineage(Set.of(), Set.of());

        public Lineage {
            batches = Set.copyOf(batches);
            replaces = Set.copyOf(replaces);
        }

        /** Fed to the file's content digest, in a fixed order. */
        List<String> tokens() {
            List<String> tokens = new ArrayList<>(new TreeSet<>(batches));
            new TreeSet<>(replaces).forEach(r -> tokens.add("replaces:" + r));
            return tokens;
        }

        Map<String, String> metadata() {
            Map<String, String> meta = new HashMap<>();
            if (!batches.isEmpty()) {
                meta.put(META_BATCHES, String.join(",", new TreeSet<>(batches)));
            }
            if (!replaces.isEmpty()) {
                meta.put(META_REPLACES, String.join(",", new TreeSet<>(replaces)));
            }
            return meta;
        }

        static Lineage of(Map<String, String> meta) {
            return new Lineage(split(meta.get(META_BATCHES)), split(meta.get(META_REPLACES)));
        }

        private static Set<String> split(String joined) {
            return joined == null || joined.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(joined.split(",")));
        }
    }

    /** Reads only the footer (one ranged read on S3). A truncated or foreign file fails, naming the file. */
    public static FileFooter read(Path file, Configuration conf) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            ParquetMetadata footer = reader.getFooter();
            Map<String, String> meta = footer.getFileMetaData().getKeyValueMetaData();
            String run = meta.get(MetricWriteSupport.META_RUN);
            if (run == null) {
                throw new IOException("not a lake metric file: its footer names no run");
            }
            long rows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
            return new FileFooter(meta.get(MetricWriteSupport.META_EXPERIMENT), run, rows, Lineage.of(meta));
        } catch (IOException | RuntimeException e) {
            throw new LakeFileException(file, e);
        }
    }
}

package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Writes one run's points as one Parquet file under {@link LakeLayout}. The file appears under its final name only
 * when complete (temp name, then rename), and the name is the content digest, so a repeated flush is a no-op.
 */
public final class MetricFileWriter {

    /**
     * Encoding choices. {@link #DEFAULT} is the measured winner (README, "Codec and encodings"): Parquet v2 pages
     * (delta-encoded steps and timestamps), dictionary only for the string columns, byte-stream-split doubles, ZSTD.
     */
    public record Options(CompressionCodecName codec, WriterVersion version, Dictionary dictionary,
                          boolean byteStreamSplit) {

        public enum Dictionary { ALL, NONE, STRINGS_ONLY }

        public static final Options DEFAULT =
                new Options(CompressionCodecName.ZSTD, WriterVersion.PARQUET_2_0, Dictionary.STRINGS_ONLY, true);

        @Override
        public String toString() {
            return codec + "/" + (version == WriterVersion.PARQUET_2_0 ? "v2" : "v1") + "/dict=" + dictionary
                    + (byteStreamSplit ? "/bss" : "");
        }
    }

    /** Where the points went; {@code alreadyPresent} when an identical earlier flush had written the file. */
    public record Written(Path file, long points, boolean alreadyPresent) {
    }

    private final LakeLayout layout;
    private final Configuration conf;
    private final Options options;

    public MetricFileWriter(LakeLayout layout, Configuration conf) {
        this(layout, conf, Options.DEFAULT);
    }

    public MetricFileWriter(LakeLayout layout, Configuration conf, Options options) {
        this.layout = layout;
        this.conf = conf;
        this.options = options;
    }

    /** Sorts (key, step, timestamp), drops exact repeats, writes. Empty input writes nothing. */
    public Written write(String experimentId, String runId, List<MetricPoint> points) {
        List<MetricPoint> rows = MetricRows.sortedDistinct(points);
        if (rows.isEmpty()) {
            return new Written(layout.fileFor(experimentId, runId, rows), 0, false);
        }
        return write(experimentId, runId, rows.iterator(), FileFooter.Lineage.NONE);
    }

    /**
     * Streams rows that are already in {@link MetricRows#ORDER} and distinct into one file, in constant memory. The
     * name is the digest of partition values, lineage and rows, known once the last row is written: the file goes
     * to a temp name first and is renamed, so a final name always holds a whole file. If the name exists (a re-run
     * of a flush that wrote it before) the new copy is dropped.
     */
    public Written write(String experimentId, String runId, Iterator<MetricPoint> sortedDistinct,
                         FileFooter.Lineage lineage) {
        Path dir = layout.runDirectory(experimentId, runId);
        // "_" prefix: Hadoop, Spark and pyarrow datasets skip such names, so readers never see a partial file.
        Path temp = new Path(dir, "_tmp." + UUID.randomUUID() + LakeLayout.SUFFIX);
        LakeLayout.ContentDigest digest = new LakeLayout.ContentDigest(experimentId, runId, lineage.tokens());
        try {
            FileSystem fs = dir.getFileSystem(conf);
            long rows = 0;
            try {
                try (ParquetWriter<MetricPoint> writer =
                             builder(HadoopOutputFile.fromPath(temp, conf), experimentId, runId, lineage).build()) {
                    while (sortedDistinct.hasNext()) {
                        MetricPoint p = sortedDistinct.next();
                        digest.add(p);
                        writer.write(p);
                        rows++;
                    }
                }
                Path target = new Path(dir, LakeLayout.fileName(digest.finish()));
                if (fs.exists(target)) {
                    return new Written(target, rows, true);
                }
                publish(fs, temp, target);
                return new Written(target, rows, false);
            } finally {
                fs.delete(temp, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a lake file under " + dir, e);
        }
    }

    private static void publish(FileSystem fs, Path temp, Path target) throws IOException {
        // A concurrent identical flush may have won the race; its file has the same bytes' meaning, so keep it.
        if (!fs.rename(temp, target) && !fs.exists(target)) {
            throw new IOException("rename " + temp + " -> " + target + " failed");
        }
    }

    private Builder builder(OutputFile out, String experimentId, String runId, FileFooter.Lineage lineage) {
        Builder b = new Builder(out, new MetricWriteSupport(experimentId, runId, lineage.metadata()))
                .withConf(conf)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withCompressionCodec(options.codec())
                .withWriterVersion(options.version())
                .withPageWriteChecksumEnabled(true) // lets readers detect corrupt pages, on any store
                .withByteStreamSplitEncoding(options.byteStreamSplit());
        return switch (options.dictionary()) {
            case ALL -> b.withDictionaryEncoding(true);
            case NONE -> b.withDictionaryEncoding(false);
            case STRINGS_ONLY -> b.withDictionaryEncoding(false)
                    .withDictionaryEncoding(MetricRows.EXPERIMENT_ID, true)
                    .withDictionaryEncoding(MetricRows.RUN_ID, true)
                    .withDictionaryEncoding(MetricRows.KEY, true);
        };
    }

    private static final class Builder extends ParquetWriter.Builder<MetricPoint, Builder> {
        private final MetricWriteSupport support;

        Builder(OutputFile out, MetricWriteSupport support) {
            super(out);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<MetricPoint> getWriteSupport(Configuration conf) {
            return support;
        }
    }
}

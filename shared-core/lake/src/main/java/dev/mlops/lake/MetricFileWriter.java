package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    public record Written(Path file, int points, boolean alreadyPresent) {
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
        Path target = layout.fileFor(experimentId, runId, rows);
        if (rows.isEmpty()) {
            return new Written(target, 0, false);
        }
        try {
            FileSystem fs = target.getFileSystem(conf);
            if (fs.exists(target)) {
                return new Written(target, rows.size(), true);
            }
            // "_" prefix: Hadoop, Spark and pyarrow datasets skip such names, so readers never see a partial file.
            Path temp = new Path(target.getParent(), "_tmp." + target.getName() + "." + UUID.randomUUID());
            try {
                writeFile(HadoopOutputFile.fromPath(temp, conf), experimentId, runId, rows);
                publish(fs, temp, target);
            } finally {
                fs.delete(temp, false);
            }
            return new Written(target, rows.size(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write lake file " + target, e);
        }
    }

    private static void publish(FileSystem fs, Path temp, Path target) throws IOException {
        // A concurrent identical flush may have won the race; its file has the same bytes' meaning, so keep it.
        if (!fs.rename(temp, target) && !fs.exists(target)) {
            throw new IOException("rename " + temp + " -> " + target + " failed");
        }
    }

    private void writeFile(OutputFile out, String experimentId, String runId, List<MetricPoint> rows)
            throws IOException {
        try (ParquetWriter<MetricPoint> writer = builder(out, experimentId, runId).build()) {
            for (MetricPoint p : rows) {
                writer.write(p);
            }
        }
    }

    private Builder builder(OutputFile out, String experimentId, String runId) {
        Builder b = new Builder(out, new MetricWriteSupport(experimentId, runId))
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

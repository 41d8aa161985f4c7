package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.LookaheadCursor;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.api.Binary;

/**
 * Streams one key's points of one run from a lake file. The predicate (key, step range) goes to Parquet, which
 * skips row groups and pages by statistics and drops other rows before materialising; only four columns are read.
 * Memory is bounded by one page per column, whatever the file size.
 */
public final class MetricFileReader {

    private final Configuration conf;

    public MetricFileReader(Configuration conf) {
        this.conf = conf;
    }

    /** Points of {@code key} with {@code minStep <= step <= maxStep}, in (step, timestamp) order. Close it. */
    public Cursor read(Path file, String runId, String key, long minStep, long maxStep) {
        FilterPredicate predicate = FilterApi.and(
                FilterApi.eq(FilterApi.binaryColumn(MetricRows.KEY), Binary.fromString(key)),
                FilterApi.and(FilterApi.gtEq(FilterApi.longColumn(MetricRows.STEP), minStep),
                        FilterApi.ltEq(FilterApi.longColumn(MetricRows.STEP), maxStep)));
        try {
            ParquetReader<MetricPoint> reader = new Builder(HadoopInputFile.fromPath(file, conf),
                    new MetricReadSupport(runId))
                    .withConf(conf)
                    .withFilter(FilterCompat.get(predicate))
                    .usePageChecksumVerification(true)
                    .build();
            return new Cursor(file, reader);
        } catch (IOException | RuntimeException e) {
            throw new LakeFileException(file, e);
        }
    }

    /** Every row of a file in file order (key, then get-history order): what a compaction merges. */
    public Cursor readAll(Path file, String runId) {
        try {
            return new Cursor(file, new Builder(HadoopInputFile.fromPath(file, conf), new MetricReadSupport(runId))
                    .withConf(conf)
                    .usePageChecksumVerification(true)
                    .build());
        } catch (IOException | RuntimeException e) {
            throw new LakeFileException(file, e);
        }
    }

    /**
     * Every row of a file already listed (no metadata request on S3), page CRCs verified; {@code footer} receives the
     * footer's key-value metadata before the first row.
     */
    public Cursor readAll(org.apache.hadoop.fs.FileStatus status, String runId,
                          java.util.function.Consumer<java.util.Map<String, java.util.Set<String>>> footer) {
        try {
            return new Cursor(status.getPath(), new Builder(HadoopInputFile.fromStatus(status, conf),
                    new MetricReadSupport(runId, footer))
                    .withConf(conf)
                    .usePageChecksumVerification(true)
                    .build());
        } catch (IOException | RuntimeException e) {
            throw new LakeFileException(status.getPath(), e);
        }
    }

    /** All points of a key. */
    public Cursor read(Path file, String runId, String key) {
        return read(file, runId, key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** An iterator over a file; failures while reading become {@link LakeFileException}s naming the file. */
    public static final class Cursor extends LookaheadCursor {
        private final Path file;
        private final ParquetReader<MetricPoint> reader;
        private boolean failed;

        private Cursor(Path file, ParquetReader<MetricPoint> reader) {
            this.file = file;
            this.reader = reader;
        }

        /** After a failure the cursor ends: a broken page is not read twice. */
        @Override
        protected MetricPoint fetch() {
            if (failed) {
                return null;
            }
            try {
                return reader.read();
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw new LakeFileException(file, e);
            }
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                throw new LakeFileException(file, e);
            }
        }
    }

    private static final class Builder extends ParquetReader.Builder<MetricPoint> {
        private final MetricReadSupport support;

        Builder(InputFile file, MetricReadSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected ReadSupport<MetricPoint> getReadSupport() {
            return support;
        }
    }
}

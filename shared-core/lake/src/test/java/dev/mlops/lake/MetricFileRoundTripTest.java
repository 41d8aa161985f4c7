package dev.mlops.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.MetricPoint;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricFileRoundTripTest {

    @TempDir
    java.nio.file.Path dir;

    private final Configuration conf = LakeConfiguration.local();

    private MetricFileWriter writer() {
        return new MetricFileWriter(new LakeLayout(new Path(dir.toUri())), conf);
    }

    private static List<MetricPoint> readAll(MetricFileReader.Cursor cursor) {
        List<MetricPoint> out = new ArrayList<>();
        try (cursor) {
            cursor.forEachRemaining(out::add);
        }
        return out;
    }

    static List<MetricPoint> specialValues() {
        return List.of(
                new MetricPoint("loss", Double.NaN, 1_700_000_000_000L, 0),
                new MetricPoint("loss", Double.POSITIVE_INFINITY, 1_700_000_000_100L, 1),
                new MetricPoint("loss", Double.NEGATIVE_INFINITY, 1_700_000_000_200L, 2),
                new MetricPoint("loss", -0.0, 1_700_000_000_300L, 3),
                new MetricPoint("loss", Double.MIN_VALUE, 1_700_000_000_400L, 4),
                new MetricPoint("loss", Double.MAX_VALUE, 1_700_000_000_500L, 5),
                new MetricPoint("loss", 0.1 + 0.2, 1_700_000_000_600L, -7),
                new MetricPoint("loss", 1.5, Long.MIN_VALUE, Long.MAX_VALUE),
                new MetricPoint("loss", 2.5, 1_700_000_000_600L, 6),
                new MetricPoint("loss", 2.25, 1_700_000_000_599L, 6), // same step, earlier timestamp
                new MetricPoint("val/ünïcode", 3.0, 1L, 1));
    }

    @Test
    void roundTripIsBitExactIncludingNanAndInfinities() {
        MetricFileWriter.Written written = writer().write("7", "run1", specialValues());

        List<MetricPoint> expected = specialValues().stream().filter(p -> p.key().equals("loss"))
                .sorted(MetricRows.ORDER).toList();
        List<MetricPoint> actual = readAll(new MetricFileReader(conf).read(written.file(), "run1", "loss"));

        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            MetricPoint e = expected.get(i);
            MetricPoint a = actual.get(i);
            assertThat(a.sameAs(e)).as("row %d: %s vs %s", i, a, e).isTrue();
            assertThat(Double.doubleToRawLongBits(a.value())).isEqualTo(Double.doubleToRawLongBits(e.value()));
        }
        assertThat(readAll(new MetricFileReader(conf).read(written.file(), "run1", "val/ünïcode")))
                .containsExactly(new MetricPoint("val/ünïcode", 3.0, 1L, 1));
    }

    @Test
    void rerunOfTheSameFlushWritesTheSameFileOnceAndLeavesNoTempFiles() throws IOException {
        MetricFileWriter.Written first = writer().write("7", "run1", specialValues());
        List<MetricPoint> retried = new ArrayList<>(specialValues());
        retried.addAll(specialValues());
        Collections.shuffle(retried);
        MetricFileWriter.Written second = writer().write("7", "run1", retried);

        assertThat(first.alreadyPresent()).isFalse();
        assertThat(second.alreadyPresent()).isTrue();
        assertThat(second.file()).isEqualTo(first.file());
        assertThat(second.points()).isEqualTo(specialValues().size());
        try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly(first.file().getName());
        }
    }

    @Test
    void predicatePushdownReturnsOnlyTheKeyAndStepsAskedAndSkipsPages() throws IOException {
        List<MetricPoint> points = new ArrayList<>();
        for (long step = 0; step < 60_000; step++) {
            for (String key : List.of("acc", "loss", "lr")) {
                points.add(new MetricPoint(key, step * 0.001, 1_700_000_000_000L + step * 100, step));
            }
        }
        Path file = writer().write("7", "run1", points).file();

        List<MetricPoint> got = readAll(new MetricFileReader(conf).read(file, "run1", "loss", 100, 199));
        assertThat(got).extracting(MetricPoint::key).containsOnly("loss");
        assertThat(got).extracting(MetricPoint::step).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(100, 199).boxed().toList());

        // The page index prunes: far fewer rows than the file's 180,000 reach record-level filtering.
        var options = HadoopReadOptions.builder(conf).withRecordFilter(FilterCompat.get(FilterApi.and(
                FilterApi.eq(FilterApi.binaryColumn("key"), Binary.fromString("loss")),
                FilterApi.ltEq(FilterApi.longColumn("step"), 199L)))).build();
        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf), options)) {
            assertThat(footer.getRecordCount()).isEqualTo(180_000);
            assertThat(footer.getFilteredRecordCount()).isLessThan(60_000);
        }
    }

    @Test
    void truncatedFileIsReportedByName() throws IOException {
        Path file = writer().write("7", "run1", specialValues()).file();
        java.nio.file.Path local = java.nio.file.Path.of(file.toUri());
        try (RandomAccessFile raf = new RandomAccessFile(local.toFile(), "rw")) {
            raf.setLength(raf.length() - 10);
        }
        assertThatThrownBy(() -> readAll(new MetricFileReader(conf).read(file, "run1", "loss")))
                .isInstanceOf(LakeFileException.class)
                .hasMessageContaining(file.getName())
                .satisfies(e -> assertThat(((LakeFileException) e).file()).isEqualTo(file));
    }

    @Test
    void corruptPageIsDetectedByChecksumAndReportedByName() throws IOException {
        Path file = writer().write("7", "run1", specialValues()).file();
        java.nio.file.Path local = java.nio.file.Path.of(file.toUri());
        long start;
        long size;
        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            var chunk = footer.getFooter().getBlocks().get(0).getColumns().stream()
                    .filter(c -> c.getPath().toDotString().equals("value")).findFirst().orElseThrow();
            start = chunk.getStartingPos();
            size = chunk.getTotalSize();
        }
        byte[] bytes = Files.readAllBytes(local);
        // Flip the last bytes of the value column's chunk: page data, which only the page CRC can catch.
        for (long i = start + size - 8; i < start + size; i++) {
            bytes[(int) i] ^= (byte) 0x5a;
        }
        Files.write(local, bytes);
        assertThatThrownBy(() -> readAll(new MetricFileReader(conf).read(file, "run1", "loss")))
                .isInstanceOf(LakeFileException.class)
                .hasMessageContaining(file.getName());
    }

    @Test
    void notAParquetFileIsReportedByName() throws IOException {
        java.nio.file.Path local = dir.resolve("part-bogus.parquet");
        Files.writeString(local, "definitely not parquet, but long enough to have a tail");
        Path file = new Path(local.toUri());
        assertThatThrownBy(() -> readAll(new MetricFileReader(conf).read(file, "run1", "loss")))
                .isInstanceOf(LakeFileException.class)
                .hasMessageContaining("part-bogus.parquet");
    }

    @Test
    void askingForAnotherRunIsRefused() {
        Path file = writer().write("7", "run1", specialValues()).file();
        assertThatThrownBy(() -> readAll(new MetricFileReader(conf).read(file, "run2", "loss")))
                .isInstanceOf(LakeFileException.class)
                .hasMessageContaining("not run2");
    }
}

package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.lake.MetricFileWriter.Options;
import dev.mlops.lake.MetricFileWriter.Options.Dictionary;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes per point for each codec and encoding on a realistic training curve; a measurement, not a test (nothing
 * asserted on speed). Run: {@code ./mvnw -pl shared-core/lake test -Dtest=CodecMeasurement -Dlake.measure=true}.
 * Results go to stdout and target/lake-measurement.txt; the README records them.
 */
@EnabledIfSystemProperty(named = "lake.measure", matches = "true")
class CodecMeasurement {

    static final int STEPS = 250_000; // x 4 keys = 1M points

    @TempDir
    java.nio.file.Path dir;

    /**
     * One run logging 4 metrics per step with log_metrics (one timestamp per step, ~120 ms apart with jitter).
     * {@code float32}: values come from float32 tensors ({@code loss.item()}), as in most PyTorch loops, except
     * the learning rate, a double schedule. Otherwise every value is a full-precision double with noise.
     */
    static List<MetricPoint> trainingCurve(boolean float32) {
        Random random = new Random(42);
        List<MetricPoint> points = new ArrayList<>(STEPS * 4);
        long timestamp = 1_700_000_000_000L;
        for (int step = 0; step < STEPS; step++) {
            timestamp += 110 + random.nextInt(20);
            double progress = (double) step / STEPS;
            double loss = 2.5 * Math.exp(-5 * progress) + 0.1 + 0.02 * random.nextGaussian();
            double accuracy = 1 - 0.9 * Math.exp(-6 * progress) - 0.01 * Math.abs(random.nextGaussian());
            double gradNorm = 1.0 + 0.5 * Math.exp(-3 * progress) + 0.1 * random.nextGaussian();
            double lr = 1e-3 * 0.5 * (1 + Math.cos(Math.PI * progress));
            points.add(new MetricPoint("train/loss", f(loss, float32), timestamp, step));
            points.add(new MetricPoint("train/accuracy", f(accuracy, float32), timestamp, step));
            points.add(new MetricPoint("train/grad_norm", f(gradNorm, float32), timestamp, step));
            points.add(new MetricPoint("train/lr", lr, timestamp, step));
        }
        return points;
    }

    private static double f(double v, boolean float32) {
        return float32 ? (float) v : v;
    }

    @Test
    void measure() throws IOException {
        StringBuilder out = new StringBuilder();
        List<Options> matrix = new ArrayList<>();
        for (CompressionCodecName codec : List.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY,
                CompressionCodecName.ZSTD)) {
            for (Dictionary dictionary : Dictionary.values()) {
                matrix.add(new Options(codec, WriterVersion.PARQUET_1_0, dictionary, false));
                matrix.add(new Options(codec, WriterVersion.PARQUET_2_0, dictionary, false));
                matrix.add(new Options(codec, WriterVersion.PARQUET_2_0, dictionary, true));
            }
        }
        for (boolean float32 : List.of(true, false)) {
            List<MetricPoint> points = trainingCurve(float32);
            Path warm = write(Options.DEFAULT, points, "warm-up"); // JIT and native codec loading out of the figures
            readOneKey(warm);
            long readStart = System.nanoTime();
            long read = readOneKey(warm);
            double readSeconds = (System.nanoTime() - readStart) / 1e9;
            out.append(String.format("%n%s values, %,d points%n", float32 ? "float32-origin" : "float64 noisy",
                    points.size()));
            out.append(String.format("read one key of %s: %,d points at %,.0f points/s%n", Options.DEFAULT, read,
                    read / readSeconds));
            out.append(String.format("%-40s %12s %10s %12s%n", "options", "bytes", "B/point", "write pt/s"));
            for (Options options : matrix) {
                long start = System.nanoTime();
                long bytes = Files.size(java.nio.file.Path.of(
                        write(options, points, options.toString().replace('/', '_')).toUri()));
                double seconds = (System.nanoTime() - start) / 1e9;
                out.append(String.format("%-40s %,12d %10.2f %,12.0f%n", options, bytes,
                        (double) bytes / points.size(), points.size() / seconds));
            }
        }
        System.out.println(out);
        Files.writeString(java.nio.file.Path.of("target", "lake-measurement.txt"), out.toString());
    }

    private Path write(Options options, List<MetricPoint> points, String root) {
        Configuration conf = LakeConfiguration.local();
        LakeLayout layout = new LakeLayout(new Path(dir.resolve(root).toUri()));
        return new MetricFileWriter(layout, conf, options).write("1", "run", points).file();
    }

    private static long readOneKey(Path file) {
        long count = 0;
        try (MetricFileReader.Cursor cursor = new MetricFileReader(LakeConfiguration.local())
                .read(file, "run", "train/loss")) {
            while (cursor.hasNext()) {
                cursor.next();
                count++;
            }
        }
        return count;
    }
}

package dev.mlops.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.MetricPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another engine must read the lake: pyarrow reads a written file, and a whole flushed lake, and every row matches
 * bit for bit. Python comes from the project's .venv; without pyarrow there the test fails with the fix.
 */
class PyArrowCompatibilityTest {


    @TempDir
    Path dir;

    @Test
    void pyarrowReadsEveryRowExactly() throws Exception {
        String python = pythonWithPyarrow();
        List<MetricPoint> points = new ArrayList<>(MetricFileRoundTripTest.specialValues());
        for (int step = 0; step < 1000; step++) {
            points.add(new MetricPoint("train/loss", (float) (1.0 / (step + 1)), 1_700_000_000_000L + step, step));
        }
        var written = new MetricFileWriter(new LakeLayout(new org.apache.hadoop.fs.Path(dir.toUri())),
                LakeConfiguration.local()).write("7", "run-1", points);

        Path script = dir.resolve("read.py");
        try (var in = getClass().getResourceAsStream("/read_with_pyarrow.py")) {
            Files.copy(in, script);
        }
        List<String> lines = run(python, script.toString(), Path.of(written.file().toUri()).toString());

        assertThat(lines.getFirst()).isEqualTo("schema experiment_id:string,run_id:string,key:string,"
                + "step:int64,timestamp:int64,value:double");
        List<String> expected = MetricRows.sortedDistinct(points).stream()
                .map(p -> String.join("\t", "row", "7", "run-1", p.key(), Long.toString(p.step()),
                        Long.toString(p.timestamp()), bits(p.value())))
                .toList();
        assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(expected);
    }

    @Test
    void pyarrowReadsAFlushedLakeExactly_afterCrashesAndACompaction() throws Exception {
        String python = pythonWithPyarrow();
        LocalLake lake = new LocalLake(dir);
        MetricFlusher.Settings compactAtThree = new MetricFlusher.Settings(3, 0, 0, 5);
        List<MetricPoint> logged = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            MetricFlusherFaultTest.log(lake, logged, round * 3, 3);
            MetricFlusher.Step crash = MetricFlusher.Step.values()[round];
            lake.flusher(compactAtThree, (step, run) -> {
                if (step == crash) {
                    throw new IllegalStateException("crash");
                }
            }).flushAll();
            lake.now.addAndGet(1000);
            lake.flusher(compactAtThree, MetricFlusher.StepHook.NONE).flushAll();
            lake.now.addAndGet(1000);
        }
        lake.flusher(compactAtThree, MetricFlusher.StepHook.NONE).flushAll();

        Path script = dir.resolve("read_lake.py");
        try (var in = getClass().getResourceAsStream("/read_lake_with_pyarrow.py")) {
            Files.copy(in, script);
        }
        List<String> rows = run(python, script.toString(), dir.resolve("lake").toString());

        List<String> expected = logged.stream()
                .map(p -> String.join("\t", "row", LocalLake.EXPERIMENT, "run1", p.key(), Long.toString(p.step()),
                        Long.toString(p.timestamp()), bits(p.value())))
                .sorted().toList();
        assertThat(rows.stream().sorted().toList()).containsExactlyElementsOf(expected);
    }

    private static String bits(double v) {
        return Double.isNaN(v) ? "nan" : HexFormat.of().toHexDigits(Double.doubleToRawLongBits(v));
    }

    /**
     * The project venv's python: scripts/python-requirements.txt pins pyarrow, and ./mlops test installs it before
     * the build. Missing pyarrow fails the test with the fix, rather than skipping it.
     */
    private static String pythonWithPyarrow() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("mvnw"))) {
            root = root.getParent();
        }
        assertThat(root).as("repository root (the directory holding mvnw)").isNotNull();
        Path python = root.resolve(".venv/bin/python");
        assertThat(Files.isExecutable(python) && exit(python.toString(), "-c", "import pyarrow") == 0)
                .as("pyarrow in %s; run ./mlops test, or .venv/bin/pip install -r scripts/python-requirements.txt",
                        python)
                .isTrue();
        return python.toString();
    }

    private static int exit(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start(); // errors into the failure message
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("pyarrow reader exit code; output:%n%s", out).isZero();
        return out.lines().toList();
    }
}

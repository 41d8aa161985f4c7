package dev.mlops.testsupport.databricks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Spark SQL engine with Delta Lake: Spark's Thrift server, started from the pinned engine that
 * {@code scripts/databricks-engine.sh} installs (pyspark's jars from PyPI, Delta's from Maven). It listens on a free
 * loopback port with a small heap, keeps its warehouse and metastore in a temp directory, and is stopped by
 * {@link #close()} or at JVM exit. Test support only.
 */
public final class SparkEngine implements AutoCloseable {

    /** The pinned versions; scripts/databricks-engine.sh must install the same. */
    public static final String SPARK_VERSION = "4.2.0";
    public static final String DELTA_VERSION = "4.4.0";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(20);

    private final Process process;
    private final int port;
    private final Path workDir;
    private final Path log;

    private SparkEngine(Process process, int port, Path workDir, Path log) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.log = log;
    }

    /** The Thrift (binary) port on 127.0.0.1. */
    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Installs the engine if needed and starts it. {@code heap} is the driver's -Xmx (e.g. "1g"): the machine is
     * shared, so the engine gets a modest one.
     */
    public static SparkEngine start(String heap) {
        Path home = engineHome();
        Path spark = home.resolve("spark");
        Path delta = home.resolve("delta");
        try {
            Path workDir = Files.createTempDirectory("mlops-spark-");
            Path log = workDir.resolve("spark.log");
            int port = freePort();
            List<String> command = command(spark, delta, workDir, port, heap);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("SPARK_HOME", spark.toString());
            env.put("JAVA_HOME", sparkJava().toString());
            env.put("SPARK_LOCAL_IP", "127.0.0.1");
            env.remove("PYSPARK_PYTHON");
            Process process = builder.start();
            SparkEngine engine = new SparkEngine(process, port, workDir, log);
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "spark-engine-stop"));
            engine.awaitStarted();
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Spark engine from " + spark, e);
        }
    }

    private static List<String> command(Path spark, Path delta, Path workDir, int port, String heap)
            throws IOException {
        List<String> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(delta)) {
            files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> jars.add(p.toString()));
        }
        List<String> command = new ArrayList<>(List.of(spark.resolve("bin/spark-submit").toString(),
                "--class", "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
                "--master", "local[2]",
                "--driver-memory", heap,
                "--driver-class-path", String.join(":", jars),
                "--driver-java-options", "-XX:+UseParallelGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=256m"
                        + " -Dderby.system.home="
                        + workDir.resolve("derby")));
        // Delta as the session catalog, and settings that suit tiny tables on two busy cores: one shuffle partition
        // and one partition for Delta's log replay instead of 200 and 50, no UI, no adaptive re-planning, no code
        // generation (each statement carries new literals, so generated code would be compiled afresh each time),
        // C1 only, MERGE sources not materialised, no per-file statistics. None of it changes what a statement means.
        // With C1 only the JVM reserves 48 MB for compiled code, which Spark filled within a minute: the compiler then
        // switched off (every statement interpreted from there on) and, once adapters no longer fit, a statement
        // failed with "Out of space in CodeCache for adapters". A JVM with both compilers reserves 240 MB by default.
        Map<String, String> conf = new java.util.LinkedHashMap<>();
        conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        conf.put("spark.sql.warehouse.dir", workDir.resolve("warehouse").toString());
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.sql.shuffle.partitions", "1");
        conf.put("spark.default.parallelism", "2");
        conf.put("spark.sql.adaptive.enabled", "false");
        conf.put("spark.databricks.delta.snapshotPartitions", "1");
        conf.put("spark.sql.codegen.wholeStage", "false");
        conf.put("spark.sql.codegen.factoryMode", "NO_CODEGEN");
        conf.put("spark.databricks.delta.merge.materializeSource", "none");
        conf.put("spark.databricks.delta.stats.collect", "false");
        conf.put("spark.sql.session.timeZone", "UTC");
        conf.forEach((k, v) -> {
            command.add("--conf");
            command.add(k + "=" + v);
        });
        command.addAll(List.of("--hiveconf", "hive.server2.thrift.port=" + port,
                "--hiveconf", "hive.server2.thrift.bind.host=127.0.0.1",
                "spark-internal"));
        return command;
    }

    private void awaitStarted() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Spark engine exited with " + process.exitValue()
                        + " while starting. Its log (" + log + "):\n" + tail(log, 60));
            }
            if (tail(log, 400).contains("HiveThriftServer2 started")) {
                return;
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException("The Spark engine did not start within " + START_TIMEOUT + ". Its log:\n"
                + tail(log, 60));
    }

    /** Stops the engine and removes its warehouse; safe to call twice. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteQuietly(workDir);
    }

    /** MLOPS_ENGINE_HOME or the per-machine cache; installs through scripts/databricks-engine.sh when missing. */
    public static Path engineHome() {
        String configured = System.getenv("MLOPS_ENGINE_HOME");
        Path home = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
                        .orElse(System.getProperty("user.home") + "/.cache"), "mlops",
                        "spark-" + SPARK_VERSION + "-delta-" + DELTA_VERSION);
        if (!Files.isRegularFile(home.resolve(".installed"))) {
            install();
        }
        return home;
    }

    private static void install() {
        Path script = repoRoot().resolve("scripts/databricks-engine.sh");
        try {
            Path out = Files.createTempFile("engine-install", ".log");
            Process p = new ProcessBuilder("bash", script.toString(), "install").redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("Installing the Spark engine failed (" + script + " install):\n"
                        + Files.readString(out));
            }
            Files.deleteIfExists(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing the Spark engine", e);
        }
    }

    /** The checkout's root: the nearest directory up from the working directory that holds the Maven wrapper. */
    static Path repoRoot() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null;
             dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("scripts"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Not inside the mlops checkout; cannot find scripts/databricks-engine.sh");
    }

    /**
     * Spark 4 runs on Java 17 or 21: MLOPS_SPARK_JAVA_HOME, else a 17 or 21 under /usr/lib/jvm, else this JVM.
     */
    static Path sparkJava() {
        String configured = System.getenv("MLOPS_SPARK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                Optional<Path> supported = dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")))
                        .filter(d -> d.getFileName().toString().matches(".*\\b(17|21)\\b.*"))
                        .max(Comparator.comparing(d -> d.getFileName().toString()));
                if (supported.isPresent()) {
                    return supported.get();
                }
            } catch (IOException ignored) {
                // fall through to this JVM
            }
        }
        return Path.of(System.getProperty("java.home"));
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Spark engine", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp directory; the OS cleans what is left
        }
    }
}

package dev.mlops.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs {@code moto_server} as a child process for the rest of the JVM, installing it into the project venv if needed. */
final class MotoServer {

    static final String VERSION = "5.2.5";
    static final String REQUIREMENT = "moto[server]==" + VERSION;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    record Started(URI endpoint, String version) {
    }

    private MotoServer() {
    }

    /** Empty when there is neither MLOPS_MOTO_SERVER nor a repository root to install into. */
    static Optional<Started> startIfAvailable(Map<String, String> env) {
        Optional<Path> executable = locate(env);
        if (executable.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(start(executable.get()));
    }

    private static Optional<Path> locate(Map<String, String> env) {
        String configured = env.get("MLOPS_MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured.strip());
            // An explicit path that is wrong is a mistake to report, not a reason to quietly install another moto.
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("MLOPS_MOTO_SERVER=" + configured + " is not an executable file.\n"
                        + AwsEmulator.noEmulatorMessage());
            }
            return Optional.of(path);
        }
        Optional<Path> root = repoRoot(Path.of(System.getProperty("user.dir")));
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Path venv = root.get().resolve(".venv");
        ensureInstalled(root.get(), venv);
        return Optional.of(venv.resolve("bin/moto_server"));
    }

    /** The checkout's root: the nearest directory up from the module that holds the Maven wrapper. */
    static Optional<Path> repoRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /**
     * Creates or extends {@code .venv} from scripts/python-requirements.txt, as ./mlops does, when the pinned moto is
     * absent. A file lock keeps parallel test JVMs from running pip over each other.
     */
    private static void ensureInstalled(Path root, Path venv) {
        if (Files.isExecutable(venv.resolve("bin/moto_server")) && VERSION.equals(installedVersion(venv))) {
            return;
        }
        Path requirements = root.resolve("scripts/python-requirements.txt");
        try {
            Files.createDirectories(venv);
            try (FileChannel channel = FileChannel.open(venv.resolve(".install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.isExecutable(venv.resolve("bin/moto_server")) && VERSION.equals(installedVersion(venv))) {
                    return; // another JVM installed it while this one waited for the lock
                }
                System.err.println("[aws-emulator] installing " + REQUIREMENT + " into " + venv
                        + " (pip install -r scripts/python-requirements.txt)...");
                if (!Files.isExecutable(venv.resolve("bin/python"))) {
                    run(List.of("python3", "-m", "venv", venv.toString()));
                }
                run(List.of(venv.resolve("bin/pip").toString(), "install", "-q", "--disable-pip-version-check",
                        "-r", requirements.toString()));
                // The same stamp scripts/lib.sh writes, so ./mlops does not reinstall what is already there.
                Files.writeString(venv.resolve(".requirements.sha"), sha256(requirements) + "\n");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not install " + REQUIREMENT + " into " + venv + ": " + e + "\n"
                    + AwsEmulator.noEmulatorMessage(), e);
        }
    }

    /** The moto version a venv holds, read from its dist-info folder name; null when unknown. */
    static String installedVersion(Path venv) {
        try (Stream<Path> libs = Files.list(venv.resolve("lib"))) {
            for (Path lib : libs.toList()) {
                try (Stream<Path> packages = Files.list(lib.resolve("site-packages"))) {
                    Optional<String> version = packages.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("moto-") && n.endsWith(".dist-info"))
                            .map(n -> n.substring("moto-".length(), n.length() - ".dist-info".length()))
                            .findFirst();
                    if (version.isPresent()) {
                        return version.get();
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
        return null;
    }

    private static void run(List<String> command) throws IOException {
        Path log = Files.createTempFile("aws-emulator-install", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took longer than " + INSTALL_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + command, e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Starts moto on a free loopback port and waits until it answers; retries when the port was taken meanwhile. */
    private static Started start(Path executable) {
        Path venv = executable.toAbsolutePath().getParent().getParent();
        String version = Optional.ofNullable(installedVersion(venv)).orElse("(version unknown)");
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return new Started(launch(executable), version);
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    private static URI launch(Path executable) {
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path log;
        Process process;
        try {
            // A file, not a pipe: moto logs every request, and an undrained pipe would block it once full.
            log = Files.createTempFile("moto-server-" + port + "-", ".log");
            log.toFile().deleteOnExit();
            process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + executable + ": " + e, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "moto-server-stop"));
        waitUntilAnswering(process, endpoint, log);
        return endpoint;
    }

    private static void waitUntilAnswering(Process process, URI endpoint, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = readQuietly(log);
                String message = "moto_server exited with " + process.exitValue() + " before answering at "
                        + endpoint + ". Its output:\n" + output;
                throw output.contains("Address already in use")
                        ? new PortTakenException(message) : new IllegalStateException(message);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(process);
                throw new IllegalStateException("Interrupted while waiting for moto_server", e);
            }
            sleep(200);
        }
        stop(process);
        throw new IllegalStateException("moto_server did not answer at " + endpoint + " within " + START_TIMEOUT
                + ". Its output:\n" + readQuietly(log));
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for moto_server", e);
        }
    }

    /** The free port was taken between probing and binding; worth one more try on another port. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}

package dev.mlops.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory is owned by one process: a second JVM is refused with a message, not allowed to diverge. */
class DataDirLockProcessTest {

    @TempDir
    Path dataDir;

    @Test
    void open_shouldRefuseSecondProcess_andNameTheOwner() throws Exception {
        try (LocalBackend owner = LocalBackend.open(dataDir, InstantSource.system())) {
            Result second = openInAnotherProcess();

            assertThat(second.exitCode()).isEqualTo(3);
            assertThat(second.output()).contains("is in use by process " + ProcessHandle.current().pid())
                    .contains("--data-dir");
            assertThat(owner.metadata().getExperiment("0")).isPresent();
        }
    }

    @Test
    void open_shouldSucceedInAnotherProcess_whenOwnerHasClosed() throws Exception {
        LocalBackend.open(dataDir, InstantSource.system()).close();

        Result second = openInAnotherProcess();

        assertThat(second.exitCode()).isZero();
        assertThat(second.output()).contains("opened");
    }

    private Result openInAnotherProcess() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                OpenDataDir.class.getName(), dataDir.toString()))
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }

    /** The second process: opens the directory and reports how that went through its exit code. */
    public static final class OpenDataDir {
        public static void main(String[] args) {
            try (LocalBackend backend = LocalBackend.open(Path.of(args[0]), InstantSource.system())) {
                System.out.println("opened");
            } catch (DataDirLock.DataDirInUseException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }
}

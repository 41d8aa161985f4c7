package dev.mlops.core.local;

import dev.mlops.core.port.HealthStatusStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** {@code <data-dir>/health-status.json}, replaced atomically; one process owns the data directory, so a lock suffices. */
public final class LocalHealthStatusStore implements HealthStatusStore {

    private final Path file;

    public LocalHealthStatusStore(Path dataDir) {
        this.file = dataDir.resolve("health-status.json");
    }

    @Override
    public synchronized Optional<Recorded> last() {
        return Files.exists(file) ? Optional.of(JsonFiles.read(file, Recorded.class)) : Optional.empty();
    }

    @Override
    public synchronized boolean replace(Optional<Recorded> expected, Recorded next) {
        Optional<String> stored = last().map(Recorded::status);
        if (!Objects.equals(stored, expected.map(Recorded::status))) {
            return false;
        }
        JsonFiles.write(file, next);
        return true;
    }
}

package dev.mlops.core.local;

import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.health.LakeRoot;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file:// lake root: exists once a flush wrote there; a root that exists but cannot be listed is unreadable. */
public final class LocalLakeRoot implements LakeRoot {

    private final Path dir;

    public LocalLakeRoot(Path dir) {
        this.dir = dir;
    }

    @Override
    public String uri() {
        return dir.toUri().toString();
    }

    @Override
    public boolean exists() {
        if (!Files.exists(dir)) {
            return false;
        }
        if (!Files.isDirectory(dir) || !Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw new StorageFailureException(dir + " is not a readable directory");
        }
        return true;
    }
}

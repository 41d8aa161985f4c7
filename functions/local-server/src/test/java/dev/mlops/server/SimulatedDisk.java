package dev.mlops.server;

import dev.mlops.core.local.DiskSpace;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The disk-space port with a volume the test chooses: 100 GiB with {@link #free} bytes usable, or the real file
 * store while {@code free} is negative. Enabled only by {@link OpsEndpointsTest}'s profile.
 */
@Alternative
@Priority(1)
@Singleton
public class SimulatedDisk implements DiskSpace.Probe {

    static final long TOTAL = 100L << 30;
    static volatile long free = -1;

    @Override
    public long usableBytes(Path dir) throws IOException {
        return free < 0 ? DiskSpace.FILE_STORE.usableBytes(dir) : free;
    }

    @Override
    public long totalBytes(Path dir) throws IOException {
        return free < 0 ? DiskSpace.FILE_STORE.totalBytes(dir) : TOTAL;
    }
}

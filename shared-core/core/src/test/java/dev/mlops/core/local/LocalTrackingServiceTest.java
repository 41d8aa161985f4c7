package dev.mlops.core.local;

import dev.mlops.core.contract.TrackingServiceContract;
import dev.mlops.core.port.Backend;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.io.TempDir;

class LocalTrackingServiceTest extends TrackingServiceContract {

    @TempDir
    Path dataDir;

    @Override
    protected Backend openBackend(InstantSource clock) {
        return LocalBackend.open(dataDir, clock).asBackend();
    }
}

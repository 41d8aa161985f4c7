package dev.mlops.core.local;

import dev.mlops.core.contract.HealthStatusStoreContract;
import dev.mlops.core.port.HealthStatusStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class LocalHealthStatusStoreTest extends HealthStatusStoreContract {

    @TempDir
    Path dataDir;

    private LocalHealthStatusStore store;

    @BeforeEach
    void open() {
        store = new LocalHealthStatusStore(dataDir);
    }

    @Override
    protected HealthStatusStore store() {
        return store;
    }

    @Override
    protected HealthStatusStore reopened() {
        return new LocalHealthStatusStore(dataDir);
    }
}

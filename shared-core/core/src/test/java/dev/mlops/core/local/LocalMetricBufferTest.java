package dev.mlops.core.local;

import dev.mlops.core.contract.MetricBufferContract;
import dev.mlops.core.port.MetricBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class LocalMetricBufferTest extends MetricBufferContract {

    @TempDir
    Path dataDir;

    private LocalMetricStore store;

    @BeforeEach
    void open() {
        store = new LocalMetricStore(dataDir, new DiskSpace(dataDir, 0, DiskSpace.FILE_STORE));
    }

    @Override
    protected MetricBuffer buffer() {
        return store;
    }
}

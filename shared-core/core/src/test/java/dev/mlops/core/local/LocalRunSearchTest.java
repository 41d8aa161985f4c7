package dev.mlops.core.local;

import dev.mlops.core.contract.RunSearchContract;
import dev.mlops.core.port.MetadataStore;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Metric-ordered searches on the local store's in-memory index, against the reference semantics. */
class LocalRunSearchTest extends RunSearchContract {

    @TempDir
    Path dataDir;
    private LocalBackend backend;

    @BeforeEach
    void open() {
        backend = LocalBackend.open(dataDir, InstantSource.system());
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Override
    protected MetadataStore store() {
        return backend.metadata();
    }
}

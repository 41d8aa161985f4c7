package dev.mlops.core.local;

import dev.mlops.core.contract.RegistryRollbackContract;
import dev.mlops.core.contract.SnapshotStoreContract;
import dev.mlops.core.contract.WriteFenceContract;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.recovery.SnapshotStore;
import dev.mlops.core.recovery.WriteFence;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The recovery ports' contract suites on the local backend. */
class LocalRecoveryPortsTest {

    @Nested
    class Fence extends WriteFenceContract {
        @TempDir
        Path dir;
        LocalWriteFence fence;

        @BeforeEach
        void open() {
            fence = new LocalWriteFence(dir, Duration.ofMillis(100), Duration.ofSeconds(1));
        }

        @Override
        protected WriteFence fence() {
            return fence;
        }

        /** What survives a restart is the journal file; the next process's fence reads it. */
        @Override
        protected WriteFence restarted() {
            return new LocalWriteFence(dir, Duration.ofMillis(100), Duration.ofSeconds(1));
        }
    }

    @Nested
    class Snapshots extends SnapshotStoreContract {
        @TempDir
        Path dir;
        LocalSnapshotStore store;

        @BeforeEach
        void open() {
            store = new LocalSnapshotStore(dir);
        }

        @Override
        protected SnapshotStore store() {
            return store;
        }
    }

    @Nested
    class Rollback extends RegistryRollbackContract {
        @TempDir
        Path dir;
        LocalRegistryStore store;

        @BeforeEach
        void open() {
            store = new LocalRegistryStore(dir);
        }

        @Override
        protected RegistryStore store() {
            return store;
        }
    }
}

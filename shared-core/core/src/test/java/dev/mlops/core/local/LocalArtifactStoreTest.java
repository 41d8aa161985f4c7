package dev.mlops.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.contract.ArtifactStoreContract;
import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.StorageFullException;
import dev.mlops.core.port.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path dataDir;
    @TempDir
    Path outside;
    private LocalArtifactStore store;

    @BeforeEach
    void open() {
        store = new LocalArtifactStore(dataDir.resolve("artifacts"), new DiskSpace(dataDir, 0, DiskSpace.FILE_STORE));
    }

    @Override
    protected ArtifactStore store() {
        return store;
    }

    @Test
    void put_shouldRefuse_whenPathPassesThroughSymlink() throws IOException {
        Files.createDirectories(dataDir.resolve("artifacts/1"));
        Files.createSymbolicLink(dataDir.resolve("artifacts/1/escape"), outside);

        assertThatThrownBy(() -> store.put(ArtifactPath.parse("1/escape/evil.txt"), bytes("x"), 1))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.list(ArtifactPath.parse("1/escape")))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(outside.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void put_shouldRefuseAndLeaveNothing_whenDiskIsFull() {
        LocalArtifactStore full = new LocalArtifactStore(dataDir.resolve("artifacts"),
                new DiskSpace(dataDir, 100, dir -> 150));

        assertThatThrownBy(() -> full.put(base().resolve(ArtifactPath.parse("big.bin")), bytes("0123456789"), 60))
                .isInstanceOf(StorageFullException.class);

        assertThat(full.list(base())).isEmpty();
    }
}

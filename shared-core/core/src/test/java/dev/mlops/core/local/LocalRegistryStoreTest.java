package dev.mlops.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.contract.RegistryStoreContract;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.RegistryStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRegistryStoreTest extends RegistryStoreContract {

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
    protected RegistryStore store() {
        return backend.registry();
    }

    @Test
    void reopen_shouldKeepModelsVersionsAliasesAndNumbering() {
        store().createModel(new RegisteredModel(name("keep"), 1, 1, "d", Map.of("k", "v"), Map.of()));
        NewModelVersion v = new NewModelVersion(name("keep"), "s3://b/1", "r", null, null, "u", Map.of("t", "1"),
                null, VersionStatus.READY, null, 5, "key", 10_000);
        store().createVersion(v);
        store().createVersion(keyless(name("keep")));
        store().deleteVersion(name("keep"), 2);
        store().setAlias(name("keep"), "champion", 1, 6);
        store().transitionStage(name("keep"), 1, ModelStage.STAGING, false, 7);
        store().renameModel(name("keep"), name("kept"), 8);
        backend.close();

        backend = LocalBackend.open(dataDir, InstantSource.system());

        RegisteredModel model = store().getModel(name("kept")).orElseThrow();
        assertThat(model.aliases()).isEqualTo(Map.of("champion", 1));
        assertThat(model.tags()).isEqualTo(Map.of("k", "v"));
        ModelVersion first = store().getVersion(name("kept"), 1).orElseThrow();
        assertThat(first.stage()).isEqualTo(ModelStage.STAGING);
        assertThat(first.tags()).isEqualTo(Map.of("t", "1"));
        assertThat(store().createVersion(keyless(name("kept"))).version()).isEqualTo(3);
    }

    private static NewModelVersion keyless(String model) {
        return new NewModelVersion(model, "s3://b/x", null, null, null, "u", Map.of(), null, VersionStatus.READY,
                null, 9, null, 0);
    }
}

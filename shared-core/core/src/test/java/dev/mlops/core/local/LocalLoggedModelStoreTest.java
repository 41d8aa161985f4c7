package dev.mlops.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.contract.LoggedModelStoreContract;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.LoggedModelStatus;
import dev.mlops.core.port.LoggedModelStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLoggedModelStoreTest extends LoggedModelStoreContract {

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
    protected LoggedModelStore store() {
        return backend.loggedModels();
    }

    @Test
    void models_shouldSurviveARestart() {
        LoggedModel model = model(uniqueExperiment(), "kept", Map.of("t", "1"), Map.of("p", "2"));
        store().insert(model);
        LoggedModel ready = store().update(model.modelId(),
                m -> m.withStatus(LoggedModelStatus.READY, null, m.lastUpdatedTimestamp() + 1));
        backend.close();

        backend = LocalBackend.open(dataDir, InstantSource.system());

        assertThat(store().get(model.modelId())).contains(ready);
        assertThat(dataDir.resolve("meta/logged-models/" + model.modelId() + ".json")).exists();
    }
}

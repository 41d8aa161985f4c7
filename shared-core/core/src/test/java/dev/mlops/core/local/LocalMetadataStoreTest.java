package dev.mlops.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.contract.MetadataStoreContract;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.RunUpdate;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMetadataStoreTest extends MetadataStoreContract {

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

    @Test
    void reopen_shouldSeeEverything_whenProcessRestarts() {
        Experiment experiment = store().createExperiment(newExperiment(unique("durable")));
        Run run = insert(newRun(experiment.experimentId()));
        store().updateRunData(run.runId(), new RunUpdate(Map.of("p", "1"), Map.of("t", "2"), List.of(),
                List.of(new MetricPoint("m", 0.5, 1, 1))));
        backend.close();

        backend = LocalBackend.open(dataDir, InstantSource.system());

        Run reloaded = store().getRun(run.runId()).orElseThrow();
        assertThat(reloaded.params()).containsEntry("p", "1");
        assertThat(reloaded.tags()).containsEntry("t", "2");
        assertThat(reloaded.latestMetrics().get("m").value()).isEqualTo(0.5);
        assertThat(store().getExperimentByName(experiment.name())).contains(experiment);
        Experiment next = store().createExperiment(newExperiment(unique("after-restart")));
        assertThat(Long.parseLong(next.experimentId())).isGreaterThan(Long.parseLong(experiment.experimentId()));
    }

    @Test
    void open_shouldRefuseWithClearMessage_whenDataDirIsAlreadyOpen() {
        assertThatThrownBy(() -> LocalBackend.open(dataDir, InstantSource.system()))
                .isInstanceOf(DataDirLock.DataDirInUseException.class)
                .hasMessageContaining("is in use by process " + ProcessHandle.current().pid())
                .hasMessageContaining("--data-dir");
    }

    @Test
    void open_shouldSucceed_afterOwnerClosed() {
        backend.close();

        backend = LocalBackend.open(dataDir, InstantSource.system());

        assertThat(store().getExperiment(Experiment.DEFAULT_ID)).isPresent();
    }
}

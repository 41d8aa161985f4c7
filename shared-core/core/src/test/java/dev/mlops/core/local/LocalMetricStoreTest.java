package dev.mlops.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.contract.MetricStoreContract;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.StorageFullException;
import dev.mlops.core.port.MetricStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMetricStoreTest extends MetricStoreContract {

    @TempDir
    Path dataDir;
    private LocalMetricStore store;

    @BeforeEach
    void open() {
        store = new LocalMetricStore(dataDir, new DiskSpace(dataDir, 0, DiskSpace.FILE_STORE));
    }

    @Override
    protected MetricStore store() {
        return store;
    }

    @Test
    void reopen_shouldReadEveryAppendedPoint() {
        store.append("1", runId(), List.of(p("loss", 1, 1, 0), p("loss", 0.5, 2, 1)));

        LocalMetricStore reopened = new LocalMetricStore(dataDir, new DiskSpace(dataDir, 0, DiskSpace.FILE_STORE));

        assertThat(reopened.read(runId(), "loss", Long.MIN_VALUE, Long.MAX_VALUE, 0, 100)).hasSize(2);
    }

    @Test
    void reopen_shouldDropTornTailAndKeepWholeFrames_whenAppendWasInterrupted() throws IOException {
        store.append("1", runId(), List.of(p("loss", 1, 1, 0)));
        store.append("1", runId(), List.of(p("loss", 2, 2, 1)));
        Path log = dataDir.resolve("metrics").resolve(runId() + ".log");
        long whole = Files.size(log);
        Files.write(log, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);

        LocalMetricStore reopened = new LocalMetricStore(dataDir, new DiskSpace(dataDir, 0, DiskSpace.FILE_STORE));
        List<MetricPoint> history = reopened.read(runId(), "loss", Long.MIN_VALUE, Long.MAX_VALUE, 0, 100);

        assertThat(history).extracting(MetricPoint::value).containsExactly(1.0, 2.0);
        assertThat(Files.size(log)).isEqualTo(whole);
        reopened.append("1", runId(), List.of(p("loss", 3, 3, 2)));
        assertThat(new LocalMetricStore(dataDir, new DiskSpace(dataDir, 0, DiskSpace.FILE_STORE))
                .read(runId(), "loss", Long.MIN_VALUE, Long.MAX_VALUE, 0, 100)).hasSize(3);
    }

    @Test
    void append_shouldRefuseAndWriteNothing_whenDiskIsFull() {
        LocalMetricStore full = new LocalMetricStore(dataDir, new DiskSpace(dataDir, 1024, dir -> 1000));

        assertThatThrownBy(() -> full.append("1", runId(), List.of(p("loss", 1, 1, 0))))
                .isInstanceOf(StorageFullException.class)
                .hasMessageContaining("Not enough disk space");

        assertThat(Files.exists(dataDir.resolve("metrics").resolve(runId() + ".log"))).isFalse();
        assertThat(full.read(runId(), "loss", Long.MIN_VALUE, Long.MAX_VALUE, 0, 10)).isEmpty();
    }
}

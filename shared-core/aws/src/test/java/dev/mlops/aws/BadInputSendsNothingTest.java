package dev.mlops.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.error.MlopsException;
import dev.mlops.core.port.Backend;
import dev.mlops.core.service.ArtifactService;
import dev.mlops.core.service.BatchRequest;
import dev.mlops.core.service.TrackingService;
import dev.mlops.testsupport.AwsEmulator;
import java.io.ByteArrayInputStream;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input is refused before any AWS call: an SDK interceptor counts every request the backend's clients start,
 * and each refused call must leave the count where it was.
 */
class BadInputSendsNothingTest {

    private final RequestCounter counter = new RequestCounter();
    private Backend backend;
    private TrackingService tracking;
    private ArtifactService artifacts;
    private String runId;

    @BeforeEach
    void open() {
        AwsEmulator emulator = AwsEmulator.get();
        backend = AwsBackend.open(AwsSettings.forEmulator(emulator.endpoint(), emulator.region(),
                emulator.accessKey(), emulator.secretKey(), emulator.uniquePrefix("badinput")), true,
                List.of(counter));
        tracking = new TrackingService(backend.metadata(), backend.metrics(), backend.events(),
                InstantSource.system());
        artifacts = new ArtifactService(tracking, backend.artifacts(), backend.artifactRootUri());
        runId = tracking.createRun("0", "tester", "r", 1L, List.of(), null).runId();
        counter.reset();
    }

    @AfterEach
    void close() throws Exception {
        backend.close();
    }

    @Test
    void badTrackingInput_shouldBeRefusedWithoutAnyAwsRequest() {
        assertRefusedSilently(() -> tracking.logBatch(runId, new BatchRequest(
                List.of(new MetricPoint("../escape", 1, 1, 0)), List.of(), List.of())));
        assertRefusedSilently(() -> tracking.logBatch(runId, new BatchRequest(IntStream.range(0, 1001)
                .mapToObj(i -> new MetricPoint("m", i, i, i)).toList(), List.of(), List.of())));
        assertRefusedSilently(() -> tracking.logBatch(runId, new BatchRequest(List.of(),
                List.of(new Param("p", "x".repeat(6001))), List.of())));
        assertRefusedSilently(() -> tracking.logBatch(runId, new BatchRequest(List.of(), List.of(),
                List.of(new Tag("t;drop", "v")))));
        assertRefusedSilently(() -> tracking.getRun("../../etc/passwd"));
        assertRefusedSilently(() -> tracking.getExperiment("1 OR 1=1"));
        assertRefusedSilently(() -> tracking.createExperiment("", null, List.of()));
        assertRefusedSilently(() -> tracking.searchRuns(List.of("0"), "metrics.acc >>= 1", null, null, null, null));
        assertRefusedSilently(() -> tracking.searchRuns(List.of("0"), null, null, 0, null, null));
        assertRefusedSilently(() -> tracking.metricHistory(runId, "m", null, "not-a-token"));
    }

    @Test
    void badArtifactPaths_shouldBeRefusedWithoutAnyAwsRequest() {
        assertRefusedSilently(() -> artifacts.upload("0/" + runId + "/../../escape.txt",
                new ByteArrayInputStream(new byte[1]), 1));
        assertRefusedSilently(() -> artifacts.download("/etc/passwd"));
        assertRefusedSilently(() -> artifacts.list("a\\..\\b"));
        assertRefusedSilently(() -> artifacts.delete(""));
    }

    @Test
    void goodInput_shouldReachAws_soTheCounterIsReal() {
        tracking.logBatch(runId, new BatchRequest(List.of(new MetricPoint("m", 1, 1, 0)), List.of(), List.of()));

        assertThat(counter.count()).isPositive();
        assertThat(tracking.getRun(runId)).extracting(Run::latestMetrics).satisfies(m ->
                assertThat(m).containsKey("m"));
    }

    private void assertRefusedSilently(Executable call) {
        int before = counter.count();
        assertThatThrownBy(call::execute).isInstanceOf(MlopsException.class);
        assertThat(counter.operations().subList(before, counter.count())).as("AWS requests sent").isEmpty();
    }
}

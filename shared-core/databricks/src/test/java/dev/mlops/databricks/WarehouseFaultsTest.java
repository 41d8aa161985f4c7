package dev.mlops.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.OutcomeUnknownException;
import dev.mlops.core.error.TemporarilyUnavailableException;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.databricks.sql.Warehouse;
import dev.mlops.testsupport.databricks.FacadeFaults;
import dev.mlops.testsupport.databricks.LocalWarehouse;
import dev.mlops.testsupport.databricks.StatementFacade;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Transient warehouse failures through the real driver: refusals before execution are retried (the driver's own
 * HTTP retries first, then ours with backoff), a lost answer is retried only for a statement that is safe to repeat,
 * is reported as an unknown outcome otherwise, and repeated outages open the circuit breaker.
 */
@Isolated
class WarehouseFaultsTest {

    private final StatementFacade facade = LocalWarehouse.get().facade();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void clearFaults() {
        facade.faults().clear();
    }

    @Test
    void startingWarehouse_isRetriedPastTheDriversOwnRetries_andTheBatchIsStoredOnce() {
        MetricBuffer buffer = (MetricBuffer) TestWarehouse.sharedBackend().metrics();
        String runId = "starting-" + tag;
        // More refusals than the driver's HTTP client retries by itself, so our backoff has to take over too.
        facade.faults().next(FacadeFaults.Kind.WAREHOUSE_STARTING, 6, s -> s.startsWith("MERGE INTO")
                && s.contains("metric_batches"));
        int before = facade.faults().served();

        long buffered = buffer.append("1", runId, List.of(new MetricPoint("loss", 1, 1, 1)));

        assertThat(facade.faults().served() - before).isEqualTo(6);
        assertThat(buffered).isEqualTo(1);
        assertThat(buffer.snapshot(runId).batches()).hasSize(1);
    }

    @Test
    void lostAnswer_ofALogBatch_isRetried_andStoresEachPointOnce() {
        MetricBuffer buffer = (MetricBuffer) TestWarehouse.sharedBackend().metrics();
        String runId = "lost-" + tag;
        facade.faults().next(FacadeFaults.Kind.LOST_ANSWER, 1, s -> s.startsWith("MERGE INTO")
                && s.contains("metric_batches"));
        List<MetricPoint> points = List.of(new MetricPoint("loss", 1, 1, 1), new MetricPoint("loss", 2, 2, 2));

        long buffered = buffer.append("1", runId, points);

        assertThat(facade.faults().pending()).isZero();
        assertThat(buffered).isEqualTo(2);
        assertThat(buffer.read(runId, "loss", 0, 10, 0, 10)).containsExactlyElementsOf(points);
    }

    @Test
    void lostAnswer_ofACreateExperiment_isReportedAsUnknown_andNotSentAgain() {
        var metadata = TestWarehouse.sharedBackend().metadata();
        String name = "unknown-" + tag;
        facade.faults().next(FacadeFaults.Kind.LOST_ANSWER, 1, s -> s.startsWith("MERGE INTO")
                && s.contains("`experiments`") && s.contains("MAX(CAST(experiment_id"));
        facade.clearReceived();

        assertThatThrownBy(() -> metadata.createExperiment(new NewExperiment(name, null, Map.of(), 1)))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("not repeated blindly");

        assertThat(facade.received()).filteredOn(r -> r.parameterValues().contains(name)).hasSize(1);
        assertThat(metadata.getExperimentByName(name)).as("the lost write did happen, once").isPresent();
    }

    @Test
    void repeatedOutages_openTheCircuitBreaker_andLaterCallsFailFastWithoutBeingSent() throws Exception {
        Warehouse.FaultPolicy noRetries = new Warehouse.FaultPolicy(0, Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofSeconds(5), 4, 0.5, Duration.ofMinutes(5));
        try (DatabricksBackend backend = TestWarehouse.open(TestWarehouse.sharedSettings(), noRetries)) {
            var metadata = backend.asBackend().metadata();
            facade.faults().next(FacadeFaults.Kind.LOST_ANSWER, 4, s -> s.startsWith("SELECT")
                    && s.contains("`experiments`"));
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> metadata.getExperiment("0"))
                        .isInstanceOf(TemporarilyUnavailableException.class);
            }
            long sent = facade.received().size();

            assertThatThrownBy(() -> metadata.getExperiment("0"))
                    .isInstanceOf(TemporarilyUnavailableException.class)
                    .hasMessageContaining("not sent");
            assertThat(facade.received()).as("an open breaker sends nothing").hasSize((int) sent);
        }
    }
}

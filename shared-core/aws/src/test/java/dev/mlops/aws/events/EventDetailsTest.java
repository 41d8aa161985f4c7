package dev.mlops.aws.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.DomainEvent.ExperimentCreated;
import dev.mlops.core.port.DomainEvent.MetricsLogged;
import dev.mlops.core.port.DomainEvent.RunCreated;
import dev.mlops.core.port.DomainEvent.RunFinished;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema in docs/events.md, byte for byte. */
class EventDetailsTest {

    static final long T = 1767225600123L;

    @Test
    void detail_shouldMatchDocumentedSchema_forEachEventType() {
        assertThat(EventDetails.detail(new ExperimentCreated("1", "churn-model", T))).isEqualTo(
                "{\"schema_version\":1,\"experiment_id\":\"1\",\"name\":\"churn-model\",\"timestamp\":" + T + "}");
        assertThat(EventDetails.detail(new RunCreated("1", "r1", "p0", T))).isEqualTo(
                "{\"schema_version\":1,\"experiment_id\":\"1\",\"run_id\":\"r1\",\"parent_run_id\":\"p0\","
                        + "\"timestamp\":" + T + "}");
        assertThat(EventDetails.detail(new RunFinished("1", "r1", "FINISHED", T))).isEqualTo(
                "{\"schema_version\":1,\"experiment_id\":\"1\",\"run_id\":\"r1\",\"status\":\"FINISHED\","
                        + "\"timestamp\":" + T + "}");
        assertThat(EventDetails.detail(new MetricsLogged("1", "r1", 300, 3, 99, T))).isEqualTo(
                "{\"schema_version\":1,\"experiment_id\":\"1\",\"run_id\":\"r1\",\"points\":300,\"keys\":3,"
                        + "\"max_step\":99,\"timestamp\":" + T + "}");
    }

    @Test
    void detail_shouldOmitParentRunId_whenRunHasNoParent() {
        assertThat(EventDetails.detail(new RunCreated("1", "r1", null, T))).doesNotContain("parent_run_id");
    }

    @Test
    void detailType_shouldBeTheRecordsSimpleName() {
        List<DomainEvent> all = List.of(new ExperimentCreated("1", "n", T), new RunCreated("1", "r", null, T),
                new RunFinished("1", "r", "FAILED", T), new MetricsLogged("1", "r", 1, 1, 0, T));

        for (DomainEvent event : all) {
            assertThat(EventDetails.detailType(event)).isEqualTo(event.getClass().getSimpleName());
        }
    }

    @Test
    void detail_shouldEscapeJson_inNames() {
        assertThat(EventDetails.detail(new ExperimentCreated("1", "a \"quoted\"\nname", T)))
                .contains("\"name\":\"a \\\"quoted\\\"\\nname\"");
    }
}

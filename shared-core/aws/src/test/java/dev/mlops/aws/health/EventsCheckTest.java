package dev.mlops.aws.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.events.PublishFailure;
import dev.mlops.aws.events.PublisherHealth;
import dev.mlops.core.health.CheckResult;
import dev.mlops.core.health.HealthLevel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The events check's levels from the publisher's counters, recent failures and circuit breaker. */
class EventsCheckTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static CheckResult check(PublisherHealth health) {
        return new EventsCheck("bus", () -> health, null, Duration.ofMinutes(15), 1, 3, InstantSource.fixed(NOW))
                .check();
    }

    private static PublishFailure failure(Duration ago) {
        return new PublishFailure(NOW.minus(ago), "RunCreated", "run1", "InternalFailure", "boom", 3);
    }

    @Test
    void events_shouldBeUp_whenNothingFailedRecently_evenWithOldFailures() {
        CheckResult result = check(new PublisherHealth(10, 1, 0, List.of(failure(Duration.ofHours(1)))));

        assertThat(result.level()).isEqualTo(HealthLevel.UP);
        assertThat(result.data()).containsEntry("published", 10L).containsEntry("failed", 1L)
                .containsEntry("recent_failures", 0L).containsEntry("bus_state", "NOT_PROBED");
    }

    @Test
    void events_shouldWarnOnRecentLosses_andGoDownPastTheCriticalCount() {
        CheckResult warning = check(new PublisherHealth(10, 1, 0, List.of(failure(Duration.ofMinutes(2)))));
        CheckResult down = check(new PublisherHealth(10, 3, 0,
                Collections.nCopies(3, failure(Duration.ofMinutes(1)))));

        assertThat(warning.level()).isEqualTo(HealthLevel.WARNING);
        assertThat(warning.data()).containsEntry("last_failure", "InternalFailure (RunCreated)");
        assertThat(down.level()).isEqualTo(HealthLevel.DOWN);
    }

    @Test
    void events_shouldBeDown_whenTheCircuitIsOpen_andWarnWhileItProbes() {
        CheckResult open = check(new PublisherHealth(10, 0, 0, List.of(), "OPEN"));
        CheckResult probing = check(new PublisherHealth(10, 0, 0, List.of(), "HALF_OPEN"));

        assertThat(open.level()).isEqualTo(HealthLevel.DOWN);
        assertThat(open.message()).contains("circuit OPEN: events are being dropped");
        assertThat(probing.level()).isEqualTo(HealthLevel.WARNING);
    }
}

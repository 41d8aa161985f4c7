package dev.mlops.core.health;

import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.HealthStatusStore;
import dev.mlops.core.port.HealthStatusStore.Recorded;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the scheduled health function does: run the checks, publish a {@code HealthReport}, and when the overall
 * status differs from the one recorded last, record the new one (compare-and-set) and publish a
 * {@code HealthStatusChanged}. Of two overlapping runs only the one whose record wins announces the change.
 */
public final class HealthMonitor {

    /** One run's outcome: the report, and the change it announced, if any. */
    public record Outcome(ReadinessReport report, Optional<DomainEvent.HealthStatusChanged> change) {
    }

    private final ReadinessChecks checks;
    private final HealthStatusStore statuses;
    private final EventPublisher events;

    public HealthMonitor(ReadinessChecks checks, HealthStatusStore statuses, EventPublisher events) {
        this.checks = checks;
        this.statuses = statuses;
        this.events = events;
    }

    public Outcome run() {
        ReadinessReport report = checks.run();
        events.publish(reportEvent(report));
        Optional<DomainEvent.HealthStatusChanged> change = Optional.empty();
        Optional<Recorded> last = statuses.last();
        String status = report.status();
        if (last.map(Recorded::status).filter(status::equals).isEmpty()
                && statuses.replace(last, new Recorded(status, report.timestamp()))) {
            List<String> failing = report.namesAt(HealthLevel.DOWN);
            DomainEvent.HealthStatusChanged changed = new DomainEvent.HealthStatusChanged(
                    last.map(Recorded::status).orElse("UNKNOWN"), status, failing, reason(report),
                    report.timestamp());
            events.publish(changed);
            change = Optional.of(changed);
        }
        events.flush();
        return new Outcome(report, change);
    }

    static DomainEvent.HealthReport reportEvent(ReadinessReport report) {
        return new DomainEvent.HealthReport(report.status(), report.checks().stream()
                .map(c -> new DomainEvent.HealthReport.Check(c.name(), c.level().name(), c.message(), c.data()))
                .toList(), report.timestamp());
    }

    /** The DOWN checks' messages, or "all checks pass" when it came back. */
    private static String reason(ReadinessReport report) {
        String down = report.checks().stream().filter(c -> c.level() == HealthLevel.DOWN)
                .map(c -> c.name() + ": " + c.message()).collect(Collectors.joining("; "));
        return down.isEmpty() ? "all checks pass" : down;
    }
}

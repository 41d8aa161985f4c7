package dev.mlops.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.local.LocalHealthStatusStore;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.HealthStatusStore;
import dev.mlops.core.port.HealthStatusStore.Recorded;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report on every run; a status change announced once, on the run that records it. */
class HealthMonitorTest {

    @TempDir
    Path dataDir;

    private final List<DomainEvent> published = new ArrayList<>();
    private final EventPublisher events = published::add;
    private final AtomicReference<HealthLevel> storage = new AtomicReference<>(HealthLevel.UP);

    private HealthMonitor monitor(HealthStatusStore store) {
        ReadinessCheck storageCheck = new ReadinessCheck() {
            @Override
            public String name() {
                return "storage";
            }

            @Override
            public CheckResult check() {
                return new CheckResult("storage", storage.get(), "table m-metadata is " + storage.get(),
                        java.util.Map.of("tables_active", storage.get() == HealthLevel.DOWN ? 2L : 3L));
            }
        };
        return new HealthMonitor(new ReadinessChecks(List.of(storageCheck,
                ReadinessChecksTest.check("memory", HealthLevel.WARNING)), InstantSource.system()), store, events);
    }

    @Test
    void run_shouldReportEachTime_andAnnounceOnlyTheChanges() {
        HealthMonitor monitor = monitor(new LocalHealthStatusStore(dataDir));

        HealthMonitor.Outcome first = monitor.run();
        HealthMonitor.Outcome same = monitor.run();
        storage.set(HealthLevel.DOWN);
        HealthMonitor.Outcome down = monitor(new LocalHealthStatusStore(dataDir)).run();
        storage.set(HealthLevel.UP);
        HealthMonitor.Outcome back = monitor.run();

        assertThat(first.change()).hasValueSatisfying(c -> {
            assertThat(c.from()).isEqualTo("UNKNOWN");
            assertThat(c.to()).isEqualTo("UP");
        });
        assertThat(same.change()).isEmpty();
        assertThat(down.change()).hasValueSatisfying(c -> {
            assertThat(c.from()).isEqualTo("UP");
            assertThat(c.to()).isEqualTo("DOWN");
            assertThat(c.failing()).containsExactly("storage");
            assertThat(c.reason()).isEqualTo("storage: table m-metadata is DOWN");
        });
        assertThat(back.change()).hasValueSatisfying(c -> assertThat(c.reason()).isEqualTo("all checks pass"));
        assertThat(published).filteredOn(DomainEvent.HealthReport.class::isInstance).hasSize(4);
        assertThat(published).filteredOn(DomainEvent.HealthStatusChanged.class::isInstance).hasSize(3);
        DomainEvent.HealthReport report = (DomainEvent.HealthReport) published.get(0);
        assertThat(report.status()).isEqualTo("UP");
        assertThat(report.checks()).extracting(DomainEvent.HealthReport.Check::status)
                .containsExactly("UP", "WARNING");
        assertThat(report.checks().get(0).data()).containsEntry("tables_active", 3L);
    }

    @Test
    void run_shouldNotAnnounce_whenAnOverlappingMonitorRecordedTheChangeFirst() {
        LocalHealthStatusStore store = new LocalHealthStatusStore(dataDir);
        monitor(store).run();
        storage.set(HealthLevel.DOWN);
        HealthStatusStore racing = new HealthStatusStore() {
            @Override
            public Optional<Recorded> last() {
                Optional<Recorded> seen = store.last();
                // the other monitor records DOWN between this one's read and its write
                new LocalHealthStatusStore(dataDir).replace(seen, new Recorded("DOWN", 1));
                return seen;
            }

            @Override
            public boolean replace(Optional<Recorded> expected, Recorded next) {
                return store.replace(expected, next);
            }
        };

        HealthMonitor.Outcome outcome = monitor(racing).run();

        assertThat(outcome.report().ready()).isFalse();
        assertThat(outcome.change()).isEmpty();
    }
}

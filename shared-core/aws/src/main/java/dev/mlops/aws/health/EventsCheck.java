package dev.mlops.aws.health;

import dev.mlops.aws.events.PublishFailure;
import dev.mlops.aws.events.PublisherHealth;
import dev.mlops.core.health.CheckResult;
import dev.mlops.core.health.HealthLevel;
import dev.mlops.core.health.ReadinessCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/**
 * events: the EventBridge publisher's failures within a recent window, and its circuit breaker. An open breaker
 * (events are being dropped) or {@code criticalFailures} lost events in the window is DOWN; {@code warningFailures}
 * warns. With a bus probe it also asks EventBridge whether the bus exists, which is what tells a fresh process
 * (the health function) that publishing would fail.
 */
public final class EventsCheck implements ReadinessCheck {

    /** Asks EventBridge about the bus; throws when it is missing or cannot be reached. */
    @FunctionalInterface
    public interface BusProbe {
        void describe();
    }

    private final String bus;
    private final Supplier<PublisherHealth> publisher;
    private final BusProbe probe;
    private final Duration window;
    private final int warningFailures;
    private final int criticalFailures;
    private final InstantSource clock;

    public EventsCheck(String bus, Supplier<PublisherHealth> publisher, BusProbe probe, Duration window,
                       int warningFailures, int criticalFailures, InstantSource clock) {
        this.bus = bus;
        this.publisher = publisher;
        this.probe = probe;
        this.window = window;
        this.warningFailures = warningFailures;
        this.criticalFailures = criticalFailures;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public CheckResult check() {
        PublisherHealth health = publisher.get();
        Instant since = clock.instant().minus(window);
        List<PublishFailure> recent = health.recentFailures().stream().filter(f -> f.at().isAfter(since)).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bus", bus);
        data.put("circuit", health.circuit());
        data.put("published", health.published());
        data.put("failed", health.failed());
        data.put("pending", (long) health.pending());
        data.put("recent_failures", (long) recent.size());
        data.put("window_seconds", window.toSeconds());
        if (!recent.isEmpty()) {
            PublishFailure last = recent.get(recent.size() - 1);
            data.put("last_failure", last.errorCode() + " (" + last.detailType() + ")");
        }
        String busState = busState();
        data.put("bus_state", busState);
        if (!busState.equals("REACHABLE") && !busState.equals("NOT_PROBED")) {
            return new CheckResult(name(), HealthLevel.DOWN, "the event bus " + bus + " is " + busState, data);
        }
        String summary = "%d events lost in the last %d s, circuit %s".formatted(recent.size(), window.toSeconds(),
                health.circuit());
        if ("OPEN".equals(health.circuit()) || recent.size() >= criticalFailures) {
            return new CheckResult(name(), HealthLevel.DOWN, summary + ": events are being dropped", data);
        }
        if ("HALF_OPEN".equals(health.circuit()) || recent.size() >= warningFailures) {
            return new CheckResult(name(), HealthLevel.WARNING, summary, data);
        }
        return new CheckResult(name(), HealthLevel.UP, summary, data);
    }

    private String busState() {
        if (probe == null) {
            return "NOT_PROBED";
        }
        try {
            probe.describe();
            return "REACHABLE";
        } catch (ResourceNotFoundException missing) {
            return "MISSING";
        } catch (SdkException e) {
            return AwsStorageCheck.unreachable(e);
        }
    }
}

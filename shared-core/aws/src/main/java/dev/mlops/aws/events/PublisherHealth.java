package dev.mlops.aws.events;

import java.util.List;

/**
 * Counters since start, the most recent failures (newest last), and the state of the circuit breaker in front of
 * PutEvents: {@code CLOSED} (sending), {@code OPEN} (EventBridge kept failing; events are dropped without a try
 * until the breaker probes again) or {@code HALF_OPEN} (probing).
 */
public record PublisherHealth(long published, long failed, int pending, List<PublishFailure> recentFailures,
                              String circuit) {

    public PublisherHealth {
        recentFailures = List.copyOf(recentFailures);
    }

    public PublisherHealth(long published, long failed, int pending, List<PublishFailure> recentFailures) {
        this(published, failed, pending, recentFailures, "CLOSED");
    }

    public boolean healthy() {
        return recentFailures.isEmpty() && "CLOSED".equals(circuit);
    }
}

package dev.mlops.aws.events;

import java.util.List;

/** Counters since start and the most recent failures, newest last. */
public record PublisherHealth(long published, long failed, int pending, List<PublishFailure> recentFailures) {

    public PublisherHealth {
        recentFailures = List.copyOf(recentFailures);
    }

    public boolean healthy() {
        return recentFailures.isEmpty();
    }
}

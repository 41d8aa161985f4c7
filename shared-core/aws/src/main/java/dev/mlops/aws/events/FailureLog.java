package dev.mlops.aws.events;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A failure counter and the last N failures, safe to read from a health check while requests publish. */
final class FailureLog {

    private final AtomicLong count = new AtomicLong();
    private final Deque<PublishFailure> recent = new ArrayDeque<>();
    private final int capacity;

    FailureLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void record(PublishFailure failure) {
        count.incrementAndGet();
        if (recent.size() == capacity) {
            recent.removeFirst();
        }
        recent.addLast(failure);
    }

    long count() {
        return count.get();
    }

    synchronized List<PublishFailure> recent() {
        return List.copyOf(recent);
    }
}

package dev.mlops.core.metric;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a metric buffer holds now: runs with unflushed points, how many points, and since when the oldest of those
 * runs has had points waiting ({@code oldestBufferedAt}: when its buffer last went from empty to non-empty, or was
 * last partly flushed). Empty when nothing waits, or when the buffer cannot tell (data written by older versions).
 */
public record BufferStats(int pendingRuns, long bufferedPoints, Optional<Instant> oldestBufferedAt) {

    public static final BufferStats EMPTY = new BufferStats(0, 0, Optional.empty());

    public Optional<Duration> oldestAge(Instant now) {
        return oldestBufferedAt.map(since -> since.isAfter(now) ? Duration.ZERO : Duration.between(since, now));
    }
}

package dev.mlops.core.service;

import dev.mlops.core.port.FlushTrigger;

/** When log-batch asks for a flush: the first append that takes a run's buffer to {@code thresholdPoints} or past. */
public record FlushPolicy(FlushTrigger trigger, long thresholdPoints) {

    public static final long DEFAULT_THRESHOLD = 100_000;
    public static final FlushPolicy NONE = new FlushPolicy(FlushTrigger.NONE, Long.MAX_VALUE);

    public FlushPolicy {
        if (thresholdPoints < 1) {
            throw new IllegalArgumentException("the flush threshold must be at least one point: " + thresholdPoints);
        }
    }

    void afterAppend(String experimentId, String runId, int appended, long bufferedNow) {
        if (bufferedNow >= thresholdPoints && bufferedNow - appended < thresholdPoints) {
            trigger.request(experimentId, runId, bufferedNow);
        }
    }
}

package dev.mlops.core.port;

/**
 * Asks for a run's buffer to be flushed to the lake because it passed the size threshold. Locally a background
 * flusher answers; on AWS an event starts the metric-flush function. Requests are hints: a scheduled flush picks
 * up whatever a lost request left behind.
 */
public interface FlushTrigger {

    void request(String experimentId, String runId, long bufferedPoints);

    FlushTrigger NONE = (experimentId, runId, bufferedPoints) -> {
    };
}

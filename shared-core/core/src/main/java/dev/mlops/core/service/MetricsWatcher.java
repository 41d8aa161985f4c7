package dev.mlops.core.service;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import java.util.List;

/**
 * Told about every successful metric write, with the run as it was read for the write (tags included), so a watcher
 * can decide from memory whether it cares. The accuracy-drop monitor is one. Must not fail the write: throwing is
 * caught and logged by the caller.
 */
@FunctionalInterface
public interface MetricsWatcher {

    void logged(Run run, List<MetricPoint> points);

    MetricsWatcher NONE = (run, points) -> {
    };
}

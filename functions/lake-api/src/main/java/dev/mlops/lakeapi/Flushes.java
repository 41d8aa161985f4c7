package dev.mlops.lakeapi;

import dev.mlops.lake.FlushReport;
import dev.mlops.telemetry.FlushMeters;
import jakarta.inject.Singleton;

/** Every flush a function runs goes through here, so its duration and points are metered the same way everywhere. */
@Singleton
public class Flushes {

    private final Lake lake;
    private final FlushMeters meters;

    public Flushes(Lake lake, FlushMeters meters) {
        this.lake = lake;
        this.meters = meters;
    }

    public FlushReport flushAll() {
        return metered(lake.flusher().flushAll());
    }

    public FlushReport flushOne(String runId, String experimentId) {
        return metered(lake.flusher().flushOne(runId, experimentId));
    }

    private FlushReport metered(FlushReport report) {
        meters.record(report.points(), report.millis(), report.failures().size());
        return report;
    }
}

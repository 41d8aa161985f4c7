package dev.mlops.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Flush duration (tagged {@code outcome} ok or failed) and points moved into the lake; registered at start. */
@Startup
@Singleton
public class FlushMeters {

    private final Timer ok;
    private final Timer failed;
    private final Counter points;

    public FlushMeters(MeterRegistry registry) {
        ok = timer(registry, "ok");
        failed = timer(registry, "failed");
        points = Counter.builder("mlops.lake.flush.points").description("Metric points flushed into the lake")
                .register(registry);
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("mlops.lake.flush").description("Flushes of the metric buffer into the lake")
                .tag("outcome", outcome).register(registry);
    }

    /** One flush (of one run or of all): {@code failures} runs it could not finish. */
    public void record(long flushedPoints, long millis, int failures) {
        (failures == 0 ? ok : failed).record(Duration.ofMillis(millis));
        points.increment(flushedPoints);
    }
}

package dev.mlops.telemetry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Operational metrics ({@code mlops.metrics.*}): Prometheus at /q/metrics locally, EMF log lines on Lambda. */
@ConfigMapping(prefix = "mlops.metrics")
public interface MetricsConfig {

    Emf emf();

    /**
     * Publish the metric buffer's gauges (buffered points, pending runs, oldest wait). Each scrape reads the buffer
     * (cached for {@link #bufferStatsCache()}); the Lambda HTTP functions leave this to the health function.
     */
    @WithDefault("true")
    boolean bufferGauges();

    @WithDefault("10s")
    Duration bufferStatsCache();

    /** CloudWatch Embedded Metric Format: JSON lines on stdout that CloudWatch Logs turns into metrics. */
    interface Emf {
        @WithDefault("false")
        boolean enabled();

        @WithDefault("mlops")
        String namespace();

        /** At most one EMF line set per interval; 0 writes after every invocation (nothing waits in a frozen Lambda). */
        @WithDefault("0s")
        Duration interval();
    }
}

package dev.mlops.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Readiness thresholds ({@code mlops.health.*}): a warning keeps the service ready and shows in the data; critical does not. */
@ConfigMapping(prefix = "mlops.health")
public interface HealthConfig {

    /** Which checks run, in this order; a check that does not apply to the backend (disk on AWS) is left out. */
    @WithDefault("storage,lake,disk,memory,events")
    List<String> checks();

    Disk disk();

    Memory memory();

    Lake lake();

    Events events();

    /** Local volume of the data directory, percent used. */
    interface Disk {
        @WithDefault("90")
        double warningPercent();

        @WithDefault("95")
        double criticalPercent();
    }

    /** Heap in use (live data after GC when known), percent of the heap limit. */
    interface Memory {
        @WithDefault("85")
        double warningPercent();

        @WithDefault("95")
        double criticalPercent();
    }

    /** How long the oldest unflushed metric batch may wait. */
    interface Lake {
        @WithDefault("15m")
        Duration bufferAgeWarning();

        @WithDefault("1h")
        Duration bufferAgeCritical();
    }

    /** Events the publisher lost within {@link #window()}; an open circuit breaker is always critical. */
    interface Events {
        @WithDefault("15m")
        Duration window();

        @WithDefault("1")
        int warningFailures();

        @WithDefault("20")
        int criticalFailures();
    }
}

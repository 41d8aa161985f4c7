package dev.mlops.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Incident simulation damages data on purpose: off unless switched on for a system meant to be damaged. */
@ConfigMapping(prefix = "mlops.incidents")
public interface IncidentConfig {

    @WithDefault("false")
    boolean enabled();
}

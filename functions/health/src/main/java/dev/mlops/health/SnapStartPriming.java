package dev.mlops.health;

import dev.mlops.core.health.HealthMonitor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Builds the monitor, its checks and their AWS clients while Lambda initialises the function, as the ingestion
 * function does with {@code @Startup}: with SnapStart that work is in the snapshot instead of in the first scheduled
 * run after each restore. Nothing here calls AWS, so no credentials or answers are captured in the snapshot.
 */
@ApplicationScoped
class SnapStartPriming {

    void prime(@Observes StartupEvent start, HealthMonitor monitor) {
        // injecting the singleton is the work: its producers ran to supply it
    }
}

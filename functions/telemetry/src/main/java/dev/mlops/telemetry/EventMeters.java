package dev.mlops.telemetry;

import dev.mlops.api.DomainEventListener;
import dev.mlops.core.port.DomainEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * Counts what the services announce: metric points accepted by log calls (a retried call counts again; the
 * deduplicated batches counter says how many were retries), model versions created, promotions a gate refused.
 */
@Singleton
public class EventMeters implements DomainEventListener {

    private final Counter pointsAccepted;
    private final Counter versionsCreated;
    private final Counter promotionsRejected;

    public EventMeters(MeterRegistry registry) {
        pointsAccepted = Counter.builder("mlops.metric.points.accepted")
                .description("Metric points accepted by log-metric and log-batch calls").register(registry);
        versionsCreated = Counter.builder("mlops.registry.versions.created")
                .description("Model versions created (API and ingestion)").register(registry);
        promotionsRejected = Counter.builder("mlops.registry.promotions.rejected")
                .description("Stage transitions and alias changes a promotion gate refused").register(registry);
    }

    @Override
    public void announced(DomainEvent event) {
        switch (event) {
            case DomainEvent.MetricsLogged logged -> pointsAccepted.increment(logged.points());
            case DomainEvent.ModelVersionCreated created -> versionsCreated.increment();
            case DomainEvent.PromotionRejected rejected -> promotionsRejected.increment();
            default -> {
                // not counted
            }
        }
    }
}

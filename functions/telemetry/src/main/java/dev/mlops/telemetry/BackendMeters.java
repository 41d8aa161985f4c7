package dev.mlops.telemetry;

import dev.mlops.api.BackendProducer;
import dev.mlops.aws.events.EventBridgePublisher;
import dev.mlops.core.metric.BufferStats;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.MetricBuffer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Meters read from the backend when they are collected: batches the buffer recognised as retries, the buffer's
 * points, runs and oldest wait (one stats read per {@code mlops.metrics.buffer-stats-cache}), and the EventBridge
 * publisher's published and failed counts (AWS backend only: locally there is no bus).
 */
@Singleton
public class BackendMeters {

    private final MeterRegistry registry;
    private final MetricsConfig config;
    private volatile BufferStats cached = BufferStats.EMPTY;
    private volatile long cachedAt = Long.MIN_VALUE;

    public BackendMeters(MeterRegistry registry, MetricsConfig config) {
        this.registry = registry;
        this.config = config;
    }

    void register(@Observes StartupEvent event, Backend backend) {
        if (backend.metrics() instanceof MetricBuffer buffer) {
            FunctionCounter.builder("mlops.metric.batches.deduplicated", buffer, MetricBuffer::deduplicatedBatches)
                    .description("Log calls recognised as retries of stored batches and not stored again")
                    .register(registry);
            if (config.bufferGauges()) {
                Gauge.builder("mlops.metric.buffer.points", buffer, b -> stats(b).bufferedPoints())
                        .description("Metric points waiting in the buffer for a flush").register(registry);
                Gauge.builder("mlops.metric.buffer.runs", buffer, b -> stats(b).pendingRuns())
                        .description("Runs with metric points waiting for a flush").register(registry);
                TimeGauge.builder("mlops.metric.buffer.oldest.age", buffer, TimeUnit.SECONDS, this::oldestAgeSeconds)
                        .description("How long the oldest unflushed batch has waited").register(registry);
            }
        }
        Optional<EventBridgePublisher> bridge = BackendProducer.eventBridge(backend);
        bridge.ifPresent(publisher -> {
            FunctionCounter.builder("mlops.events.published", publisher, p -> p.health().published())
                    .description("Domain events EventBridge accepted").register(registry);
            FunctionCounter.builder("mlops.events.failed", publisher, p -> p.health().failed())
                    .description("Domain events that did not reach the bus").register(registry);
        });
    }

    private double oldestAgeSeconds(MetricBuffer buffer) {
        return stats(buffer).oldestAge(Instant.now()).map(age -> age.toMillis() / 1000.0).orElse(0.0);
    }

    /** Stats at most {@code buffer-stats-cache} old, so a scrape costs no more than one read of the buffer. */
    private BufferStats stats(MetricBuffer buffer) {
        long now = System.currentTimeMillis();
        if (now - cachedAt >= config.bufferStatsCache().toMillis()) {
            try {
                cached = buffer.stats();
            } catch (RuntimeException e) {
                // keep the last reading; the lake health check reports the failure
            }
            cachedAt = now;
        }
        return cached;
    }
}

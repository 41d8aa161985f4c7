package dev.mlops.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Micrometer meters to CloudWatch Embedded Metric Format: deltas of counters and timers, gauge values, tags as dimensions. */
class EmfPublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> lines = new ArrayList<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicLong buffered = new AtomicLong(42);

    private EmfPublisher publisher(Duration interval) {
        return new EmfPublisher(registry, "mlops", Map.of("function", "tracking"), interval, lines::add, now::get);
    }

    @Test
    void publish_shouldWriteOneRecordPerTagSet_withCountsSinceTheLastWrite() throws Exception {
        Counter accepted = registry.counter("mlops.metric.points.accepted");
        Timer requests = registry.timer("mlops.http.requests", "route", "/{prefix}/2.0/mlflow/runs/log-batch",
                "method", "POST", "status", "200");
        Gauge.builder("mlops.metric.buffer.points", buffered, AtomicLong::get).register(registry);
        registry.counter("jvm.not.ours").increment();
        EmfPublisher publisher = publisher(Duration.ZERO);
        accepted.increment(5);
        requests.record(Duration.ofMillis(10));
        requests.record(Duration.ofMillis(30));

        assertThat(publisher.publishIfDue()).isEqualTo(2);
        accepted.increment(2);
        publisher.publishIfDue();

        JsonNode plain = record(0);
        assertThat(plain.at("/_aws/Timestamp").asLong()).isEqualTo(now.get().toEpochMilli());
        assertThat(plain.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("mlops");
        assertThat(plain.at("/_aws/CloudWatchMetrics/0/Dimensions/0").toString()).isEqualTo("[\"function\"]");
        assertThat(plain.get("function").asText()).isEqualTo("tracking");
        assertThat(plain.get("mlops.metric.points.accepted").asDouble()).isEqualTo(5);
        assertThat(plain.get("mlops.metric.buffer.points").asDouble()).isEqualTo(42);
        assertThat(plain.has("jvm.not.ours")).isFalse();
        JsonNode timed = record(1);
        assertThat(timed.at("/_aws/CloudWatchMetrics/0/Dimensions/0").toString())
                .isEqualTo("[\"function\",\"method\",\"route\",\"status\"]");
        assertThat(timed.get("route").asText()).isEqualTo("/{prefix}/2.0/mlflow/runs/log-batch");
        assertThat(timed.get("mlops.http.requests.count").asDouble()).isEqualTo(2);
        assertThat(timed.get("mlops.http.requests.time").asDouble()).isEqualTo(40);
        assertThat(timed.at("/_aws/CloudWatchMetrics/0/Metrics/1/Unit").asText()).isEqualTo("Milliseconds");
        assertThat(lines).as("second write: only what changed, and the gauge").hasSize(3);
        assertThat(record(2).get("mlops.metric.points.accepted").asDouble()).isEqualTo(2);
        assertThat(record(2).has("mlops.http.requests.count")).isFalse();
    }

    @Test
    void publishIfDue_shouldWriteAtMostOncePerInterval() {
        registry.counter("mlops.metric.points.accepted").increment();
        EmfPublisher publisher = publisher(Duration.ofSeconds(60));

        int first = publisher.publishIfDue();
        registry.counter("mlops.metric.points.accepted").increment();
        int tooSoon = publisher.publishIfDue();
        now.set(now.get().plusSeconds(61));
        int due = publisher.publishIfDue();

        assertThat(first).isEqualTo(1);
        assertThat(tooSoon).isZero();
        assertThat(due).isEqualTo(1);
    }

    private JsonNode record(int index) throws Exception {
        return JSON.readTree(lines.get(index));
    }
}

package dev.mlops.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes our meters ({@code mlops.*}) from a cumulative registry as EMF lines: what each counter and timer gained
 * since the last write, and each gauge's value, one line per tag set (the tags become dimensions, beside
 * {@code baseDimensions}). A Lambda is frozen between invocations, so this is called at the end of each one rather
 * than from a timer; counts of the last invocations before a container is retired within the interval are lost.
 */
public final class EmfPublisher {

    static final String PREFIX = "mlops.";

    private final MeterRegistry registry;
    private final String namespace;
    private final Map<String, String> baseDimensions;
    private final Duration interval;
    private final Consumer<String> out;
    private final InstantSource clock;
    private final Map<Meter.Id, double[]> last = new HashMap<>();
    private long lastWritten = Long.MIN_VALUE;

    public EmfPublisher(MeterRegistry registry, String namespace, Map<String, String> baseDimensions,
                        Duration interval, Consumer<String> out, InstantSource clock) {
        this.registry = registry;
        this.namespace = namespace;
        this.baseDimensions = Map.copyOf(baseDimensions);
        this.interval = interval;
        this.out = out;
        this.clock = clock;
    }

    /** Writes if the interval has passed since the last write; returns the number of lines written. */
    public synchronized int publishIfDue() {
        long now = clock.millis();
        if (lastWritten != Long.MIN_VALUE && now - lastWritten < interval.toMillis()) {
            return 0;
        }
        lastWritten = now;
        return publish(now);
    }

    private int publish(long now) {
        // one record per tag set, in a stable order (the untagged meters first)
        Map<String, EmfLine> lines = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            List<Tag> tags = meter.getId().getTags();
            EmfLine line = lines.computeIfAbsent(tags.toString(), t -> new EmfLine(namespace, dimensions(tags)));
            add(line, meter);
        }
        int written = 0;
        for (EmfLine line : lines.values()) {
            if (!line.isEmpty()) {
                out.accept(line.toJson(now));
                written++;
            }
        }
        return written;
    }

    private void add(EmfLine line, Meter meter) {
        String name = meter.getId().getName();
        switch (meter) {
            case Counter c -> addDelta(line, meter, name, c.count(), "Count");
            case FunctionCounter c -> addDelta(line, meter, name, c.count(), "Count");
            case Timer t -> addTimer(line, meter, name, t.count(), t.totalTime(TimeUnit.MILLISECONDS));
            case FunctionTimer t -> addTimer(line, meter, name, t.count(), t.totalTime(TimeUnit.MILLISECONDS));
            case TimeGauge g -> finite(line, name, g.value(TimeUnit.SECONDS), "Seconds");
            case Gauge g -> finite(line, name, g.value(), "None");
            default -> {
                // other meter types are not ours
            }
        }
    }

    private void addDelta(EmfLine line, Meter meter, String name, double total, String unit) {
        double[] before = last.computeIfAbsent(meter.getId(), id -> new double[2]);
        double delta = total - before[0];
        before[0] = total;
        if (delta > 0 && line.size() < EmfLine.MAX_METRICS) {
            line.metric(name, delta, unit);
        }
    }

    private void addTimer(EmfLine line, Meter meter, String name, double count, double totalMillis) {
        double[] before = last.computeIfAbsent(meter.getId(), id -> new double[2]);
        double calls = count - before[0];
        double millis = totalMillis - before[1];
        before[0] = count;
        before[1] = totalMillis;
        if (calls > 0 && line.size() + 2 <= EmfLine.MAX_METRICS) {
            line.metric(name + ".count", calls, "Count");
            line.metric(name + ".time", millis, "Milliseconds");
        }
    }

    private static void finite(EmfLine line, String name, double value, String unit) {
        if (Double.isFinite(value) && line.size() < EmfLine.MAX_METRICS) {
            line.metric(name, value, unit);
        }
    }

    private Map<String, String> dimensions(List<Tag> tags) {
        Map<String, String> dimensions = new TreeMap<>(baseDimensions);
        tags.forEach(tag -> dimensions.put(tag.getKey(), tag.getValue()));
        return dimensions;
    }
}

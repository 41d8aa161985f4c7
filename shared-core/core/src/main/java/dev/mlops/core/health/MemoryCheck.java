package dev.mlops.core.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** memory: heap in use against percent thresholds of the heap limit (default warning 85%). */
public final class MemoryCheck implements ReadinessCheck {

    private final Supplier<HeapUsage> heap;
    private final Thresholds used;

    public MemoryCheck(Supplier<HeapUsage> heap, Thresholds used) {
        this.heap = heap;
        this.used = used;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public CheckResult check() {
        HeapUsage usage = heap.get();
        double fraction = usage.max() <= 0 ? 0 : (double) usage.judged() / usage.max();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("heap_used_bytes", usage.used());
        if (usage.liveAfterGc() >= 0) {
            data.put("heap_live_after_gc_bytes", usage.liveAfterGc());
        }
        data.put("heap_max_bytes", usage.max());
        data.put("used_percent", Percent.of(fraction));
        data.put("warning_percent", Percent.of(used.warning()));
        data.put("critical_percent", Percent.of(used.critical()));
        HealthLevel level = used.level(fraction);
        String summary = "%s%% of the %d MiB heap holds %s".formatted(Percent.text(fraction),
                usage.max() / (1024 * 1024), usage.liveAfterGc() >= 0 ? "live data after GC" : "data");
        return new CheckResult(name(), level, Percent.judged(summary, level, used), data);
    }
}

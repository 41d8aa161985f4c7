package dev.mlops.core.health;

import dev.mlops.core.metric.BufferStats;
import dev.mlops.core.port.MetricBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * lake: the lake root can be read, and the oldest unflushed metric batch waits for less than the thresholds (a
 * flush that keeps failing or never runs shows here long before a client notices). A root with nothing flushed
 * yet is fine.
 */
public final class LakeCheck implements ReadinessCheck {

    private final LakeRoot root;
    private final MetricBuffer buffer;
    private final Thresholds ageSeconds;
    private final InstantSource clock;

    public LakeCheck(LakeRoot root, MetricBuffer buffer, Duration warningAge, Duration criticalAge,
                     InstantSource clock) {
        this.root = root;
        this.buffer = buffer;
        this.ageSeconds = new Thresholds(warningAge.toSeconds(), criticalAge.toSeconds());
        this.clock = clock;
    }

    @Override
    public String name() {
        return "lake";
    }

    @Override
    public CheckResult check() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("root", root.uri());
        try {
            data.put("root_exists", root.exists());
        } catch (RuntimeException e) {
            data.put("root_readable", false);
            return new CheckResult(name(), HealthLevel.DOWN, "the lake root " + root.uri() + " cannot be read: "
                    + e.getMessage(), data);
        }
        data.put("root_readable", true);
        BufferStats stats = buffer.stats();
        data.put("pending_runs", (long) stats.pendingRuns());
        data.put("buffered_points", stats.bufferedPoints());
        Optional<Duration> age = stats.oldestAge(clock.instant());
        age.ifPresent(a -> data.put("oldest_buffer_age_seconds", a.toSeconds()));
        data.put("warning_age_seconds", (long) ageSeconds.warning());
        data.put("critical_age_seconds", (long) ageSeconds.critical());
        if (age.isEmpty()) {
            return new CheckResult(name(), HealthLevel.UP, stats.pendingRuns() == 0
                    ? "the lake root is readable and no metric points wait for a flush"
                    : "the lake root is readable; " + stats.bufferedPoints() + " points of "
                    + stats.pendingRuns() + " runs wait, age unknown", data);
        }
        HealthLevel level = ageSeconds.level(age.get().toSeconds());
        String summary = "the oldest unflushed metric batch has waited %d s (%d points of %d runs wait)"
                .formatted(age.get().toSeconds(), stats.bufferedPoints(), stats.pendingRuns());
        return new CheckResult(name(), level, switch (level) {
            case UP -> summary;
            case WARNING -> summary + "; warning at " + (long) ageSeconds.warning() + " s: is the flush running?";
            case DOWN -> summary + "; critical at " + (long) ageSeconds.critical() + " s: the flush is not keeping up";
        }, data);
    }
}

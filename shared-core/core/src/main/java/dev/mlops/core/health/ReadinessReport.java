package dev.mlops.core.health;

import java.util.List;

/** Every check's result and the overall level (the worst of them), taken at {@code timestamp} (epoch millis). */
public record ReadinessReport(HealthLevel level, List<CheckResult> checks, long timestamp) {

    public ReadinessReport {
        checks = List.copyOf(checks);
    }

    public boolean ready() {
        return level.ready();
    }

    /** Overall status as probes and events name it: UP (warnings included) or DOWN. */
    public String status() {
        return ready() ? "UP" : "DOWN";
    }

    public List<String> namesAt(HealthLevel wanted) {
        return checks.stream().filter(c -> c.level() == wanted).map(CheckResult::name).toList();
    }
}

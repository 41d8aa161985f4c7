package dev.mlops.core.health;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** The checks one deployment runs, in a fixed order; a check that throws counts as DOWN, the others still run. */
public final class ReadinessChecks {

    private final List<ReadinessCheck> checks;
    private final InstantSource clock;

    public ReadinessChecks(List<ReadinessCheck> checks, InstantSource clock) {
        this.checks = List.copyOf(checks);
        this.clock = clock;
    }

    public List<ReadinessCheck> checks() {
        return checks;
    }

    public ReadinessReport run() {
        List<CheckResult> results = new ArrayList<>();
        HealthLevel overall = HealthLevel.UP;
        for (ReadinessCheck check : checks) {
            CheckResult result = runOne(check);
            results.add(result);
            overall = overall.worse(result.level());
        }
        return new ReadinessReport(overall, results, clock.millis());
    }

    /** Runs one check, so a probe library can report each under its own name. */
    public static CheckResult runOne(ReadinessCheck check) {
        try {
            CheckResult result = check.check();
            return result.name().equals(check.name()) ? result
                    : new CheckResult(check.name(), result.level(), result.message(), result.data());
        } catch (RuntimeException e) {
            return CheckResult.failed(check.name(), e);
        }
    }
}

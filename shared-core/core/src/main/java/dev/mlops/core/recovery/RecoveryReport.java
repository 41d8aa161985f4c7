package dev.mlops.core.recovery;

import java.util.List;

/**
 * What {@code ./mlops recover} did: per incident the strategies tried in order, each with its outcome and time, and
 * the incident's end (REPAIRED, RESOLVED by an earlier repair, FAILED, or PLANNED in a dry run); then what a final
 * verify still finds. Anything still found is CRITICAL: recovery leaves it as it is and says so.
 */
public record RecoveryReport(boolean dryRun, List<Incident> incidents, List<Remaining> remaining, long millis) {

    public RecoveryReport {
        incidents = List.copyOf(incidents);
        remaining = List.copyOf(remaining);
    }

    public boolean recovered() {
        return remaining.isEmpty();
    }

    public record Incident(String kind, String target, String severity, String message, String outcome,
                           List<Attempt> attempts, long millis) {
        public Incident {
            attempts = List.copyOf(attempts);
        }
    }

    /** {@code outcome}: repaired, failed, not-applicable or planned. */
    public record Attempt(String strategy, String outcome, String detail, long millis) {
    }

    public record Remaining(String kind, String target, String severity, String message) {
        static Remaining of(Finding f) {
            return new Remaining(f.kind(), f.target(), Severity.CRITICAL.name(), f.message());
        }
    }
}

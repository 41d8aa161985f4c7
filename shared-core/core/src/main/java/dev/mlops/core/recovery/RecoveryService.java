package dev.mlops.core.recovery;

import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code ./mlops recover [--dry-run]}: verifies, then repairs each finding with its ordered strategies
 * ({@link RepairStrategies}), verifying again after every step (the repaired object alone where its own check
 * suffices, see {@link StateVerifier#recheck}) and stopping at the first strategy after which the finding is gone;
 * what is left comes from one full verify at the end. A finding an earlier repair already fixed is recorded as
 * RESOLVED. What no strategy repairs is left as it is, reported CRITICAL and announced as RecoveryFailed; repairs are
 * announced as RecoveryCompleted.
 * Steps that rewrite local files run behind the write fence and make the stores reload.
 */
public final class RecoveryService {

    private static final Logger LOG = Logger.getLogger(RecoveryService.class);

    private final RecoveryBackend backend;
    private final StateVerifier verifier;
    private final RepairStrategies strategies;
    private final EventPublisher events;
    private final InstantSource clock;

    public RecoveryService(RecoveryBackend backend, StateVerifier verifier, SnapshotService snapshots,
                           RestoreService restore, LakeInspection lake, VersionArtifacts artifacts,
                           ModelRollback rollback, EventPublisher events, InstantSource clock) {
        this.backend = backend;
        this.verifier = verifier;
        this.strategies = new RepairStrategies(backend, snapshots, restore, lake, artifacts, rollback, clock,
                verifier.settings());
        this.events = events;
        this.clock = clock;
    }

    public RecoveryReport recover(boolean dryRun) {
        long started = clock.millis();
        VerifyReport found = verifier.verify(true);
        Findings current = new Findings(found.findings());
        List<RecoveryReport.Incident> incidents = new ArrayList<>();
        for (Finding finding : found.findings()) {
            long t0 = clock.millis();
            List<RepairStrategies.Strategy> plan = strategies.plan(finding);
            if (dryRun) {
                List<RecoveryReport.Attempt> planned = plan.stream()
                        .map(s -> new RecoveryReport.Attempt(s.name(), "planned", null, 0)).toList();
                incidents.add(incident(finding, plan.isEmpty() ? "NO_STRATEGY" : "PLANNED", planned, 0));
                continue;
            }
            if (!current.has(finding)) {
                incidents.add(incident(finding, "RESOLVED", List.of(), 0));
                continue;
            }
            List<RecoveryReport.Attempt> attempts = new ArrayList<>();
            boolean repaired = false;
            for (RepairStrategies.Strategy strategy : plan) {
                long s0 = clock.millis();
                String outcome;
                String detail;
                try {
                    detail = run(strategy);
                    current.changed();
                    repaired = !current.has(finding);
                    outcome = repaired ? "repaired" : "failed";
                    if (!repaired) {
                        detail += "; verify still finds it";
                    }
                } catch (RepairStrategies.NotApplicable e) {
                    outcome = "not-applicable";
                    detail = e.getMessage();
                } catch (RuntimeException e) {
                    outcome = "failed";
                    detail = e.getMessage();
                    current.changed();
                    repaired = !current.has(finding);
                }
                attempts.add(new RecoveryReport.Attempt(strategy.name(), outcome, detail, clock.millis() - s0));
                if (repaired) {
                    events.publish(new DomainEvent.RecoveryCompleted(finding.kind(), finding.target(),
                            strategy.name(), clock.millis() - t0, clock.millis()));
                    break;
                }
            }
            if (!repaired) {
                List<String> tried = attempts.stream().map(RecoveryReport.Attempt::strategy).toList();
                String why = plan.isEmpty() ? "no strategy repairs this; it is left as it is"
                        : "no strategy repaired it; it is left as it is";
                events.publish(new DomainEvent.RecoveryFailed(finding.kind(), finding.target(), tried,
                        finding.message() + " (" + why + ")", clock.millis()));
                LOG.errorf("CRITICAL: %s (%s)", finding.message(), why);
            }
            incidents.add(incident(finding, repaired ? "REPAIRED" : "FAILED", attempts, clock.millis() - t0));
        }
        events.flush();
        List<Finding> remaining = dryRun ? found.findings() : current.all();
        List<RecoveryReport.Remaining> left = dryRun ? List.of()
                : remaining.stream().map(RecoveryReport.Remaining::of).toList();
        return new RecoveryReport(dryRun, incidents, left, clock.millis() - started);
    }

    private String run(RepairStrategies.Strategy strategy) {
        if (!strategy.rewritesState() || !backend.fencesRepairs()) {
            return strategy.action().run();
        }
        try (WriteFence.Hold hold = backend.fence().raise(WriteFence.Reason.RECOVERY, null)) {
            try {
                return strategy.action().run();
            } finally {
                if (strategy.reloads()) {
                    backend.reload();
                }
            }
        }
    }

    /**
     * What verify finds as recovery goes: after a repair, a finding about one object is re-checked alone (the repair
     * of one lake file costs that file, not a pass over the state); any other question, and the final list of what
     * is left, gets one full verify, taken only once something changed since the last.
     */
    private final class Findings {
        private List<Finding> latest;
        private boolean stale;

        Findings(List<Finding> initial) {
            this.latest = initial;
        }

        void changed() {
            stale = true;
        }

        boolean has(Finding finding) {
            if (stale) {
                Optional<Boolean> alone = verifier.recheck(finding);
                if (alone.isPresent()) {
                    return alone.get();
                }
            }
            return all().stream().anyMatch(f -> f.key().equals(finding.key()));
        }

        List<Finding> all() {
            if (stale) {
                latest = verifier.verify(false).findings();
                stale = false;
            }
            return latest;
        }
    }

    private static RecoveryReport.Incident incident(Finding f, String outcome, List<RecoveryReport.Attempt> attempts,
                                                    long millis) {
        String severity = outcome.equals("FAILED") || outcome.equals("NO_STRATEGY") ? Severity.CRITICAL.name()
                : f.severity().name();
        return new RecoveryReport.Incident(f.kind(), f.target(), severity, f.message(), outcome, attempts, millis);
    }
}

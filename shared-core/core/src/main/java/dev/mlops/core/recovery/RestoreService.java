package dev.mlops.core.recovery;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.StorageFailureException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Returns the whole state to a snapshot. Before it changes anything it raises the fence for good (a persisted
 * {@link RestoreJournal}) and takes a safety snapshot; then each part makes the live state equal to the snapshot's
 * entries, the stores reload, and the restored state is compared with the snapshot part by part. Only then is the
 * journal removed. Every step is idempotent, so a restore that dies anywhere is finished by running it again, and
 * until then every write is refused with 503.
 */
public final class RestoreService {

    private static final Logger LOG = Logger.getLogger(RestoreService.class);

    /** Points a test may stop a restore at, to prove that the second run converges. */
    public enum Step { JOURNAL_WRITTEN, SAFETY_TAKEN, PART_RESTORED, RELOADED, VERIFIED }

    /** Called as each step completes; a throwing hook is a crash at that point. */
    public interface StepHook {
        void reached(Step step, String detail);

        StepHook NONE = (step, detail) -> {
        };
    }

    private final RecoveryBackend backend;
    private final SnapshotService snapshots;
    private final InstantSource clock;
    private final StepHook hook;

    public RestoreService(RecoveryBackend backend, SnapshotService snapshots, InstantSource clock, StepHook hook) {
        this.backend = backend;
        this.snapshots = snapshots;
        this.clock = clock;
        this.hook = hook;
    }

    /** What a restore did. {@code resumed}: it finished a restore that an earlier run had started. */
    public record RestoreReport(String snapshotId, String safetySnapshotId, boolean resumed, List<PartOutcome> parts,
                                long millis) {
        public RestoreReport {
            parts = List.copyOf(parts);
        }
    }

    public record PartOutcome(String part, long written, long removed, String note) {
    }

    public RestoreReport restore(String idOrTag) {
        long started = clock.millis();
        SnapshotManifest target = snapshots.show(idOrTag);
        List<String> damaged = snapshots.checkStructure(target);
        if (!damaged.isEmpty()) {
            throw new StorageFailureException("Snapshot " + target.id() + " does not verify (" + damaged.get(0)
                    + "); nothing was restored.");
        }
        RestoreJournal journal = backend.fence().journal().orElse(null);
        boolean resumed = journal != null;
        if (journal != null && !journal.snapshotId().equals(target.id())) {
            throw new InvalidParameterException("A restore of snapshot " + journal.snapshotId() + " has not finished; "
                    + "run './mlops snapshot restore " + journal.snapshotId() + "' to finish it first.");
        }
        if (journal == null) {
            journal = RestoreJournal.start(target.id(), clock.millis());
        }
        List<PartOutcome> outcomes = new ArrayList<>();
        try (WriteFence.Hold hold = backend.fence().raise(WriteFence.Reason.RESTORE, journal)) {
            hook.reached(Step.JOURNAL_WRITTEN, target.id());
            if (journal.safetySnapshotId() == null) {
                SnapshotManifest safety = snapshots.createHeld("safety snapshot before restoring " + target.id(),
                        SnapshotKind.SAFETY);
                journal = journal.withSafety(safety.id());
                backend.fence().updateJournal(journal);
                LOG.infof("Safety snapshot %s taken before restoring %s", safety.id(), target.id());
            }
            hook.reached(Step.SAFETY_TAKEN, journal.safetySnapshotId());
            for (PartProvider part : backend.parts()) {
                if (target.part(part.name()).isEmpty()) {
                    outcomes.add(new PartOutcome(part.name(), 0, 0, "left as it is: the snapshot predates this part"));
                    continue;
                }
                List<PartEntry> entries = snapshots.entries(target, part.name());
                PartProvider.RestoreCount count = part.restore(entries, backend.snapshots());
                outcomes.add(new PartOutcome(part.name(), count.written(), count.removed(), null));
                journal = journal.withPartDone(part.name());
                backend.fence().updateJournal(journal);
                hook.reached(Step.PART_RESTORED, part.name());
            }
            backend.reload();
            hook.reached(Step.RELOADED, target.id());
            verifyRestored(target);
            hook.reached(Step.VERIFIED, target.id());
            backend.fence().clearJournal();
        }
        LOG.infof("Restored snapshot %s in %d ms (safety snapshot %s)", target.id(), clock.millis() - started,
                journal.safetySnapshotId());
        return new RestoreReport(target.id(), journal.safetySnapshotId(), resumed, outcomes, clock.millis() - started);
    }

    /** The restore verifies its own result: every restored part's live content equals the snapshot's entries. */
    private void verifyRestored(SnapshotManifest target) {
        for (PartProvider part : backend.parts()) {
            if (target.part(part.name()).isEmpty()) {
                continue;
            }
            Set<String> want = keys(snapshots.entries(target, part.name()));
            Set<String> have = keys(part.live());
            if (!want.equals(have)) {
                Set<String> missing = new HashSet<>(want);
                missing.removeAll(have);
                Set<String> extra = new HashSet<>(have);
                extra.removeAll(want);
                throw new StorageFailureException("The restore of part '" + part.name() + "' did not converge ("
                        + missing.size() + " entries differ or are missing, " + extra.size() + " extra, e.g. "
                        + missing.stream().findFirst().or(() -> extra.stream().findFirst()).orElse("?")
                        + "); writes stay refused, run the restore again.");
            }
        }
    }

    /** Content identity, not version: an S3 object restored by copy has a new version id but the same bytes. */
    private static Set<String> keys(List<PartEntry> entries) {
        return entries.stream().map(e -> e.path() + "\u0000" + e.size() + "\u0000" + e.sha256())
                .collect(Collectors.toSet());
    }
}

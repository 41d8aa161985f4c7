package dev.mlops.recoveryapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.TemporarilyUnavailableException;
import dev.mlops.core.recovery.RestoreService;
import dev.mlops.core.recovery.SnapshotKind;
import dev.mlops.core.recovery.SnapshotManifest;
import dev.mlops.core.recovery.SnapshotService;
import dev.mlops.core.recovery.StateDigest;
import dev.mlops.core.recovery.WriteFence;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Restore on one backend: the whole state returns to the snapshot after unrelated later writes; a restore that dies
 * at any step leaves writes refused and converges when run again; writes arriving during a restore are refused; a
 * compaction after the snapshot deleted files the snapshot needs, and the restore still brings them back.
 */
abstract class RestoreContract {

    /** Where the next restore crashes (a step of its), or null. */
    static final AtomicReference<RestoreService.Step> CRASH_AT = new AtomicReference<>();
    static final RestoreService.StepHook HOOK = (step, detail) -> {
        if (CRASH_AT.compareAndSet(step, null)) {
            throw new IllegalStateException("simulated crash at " + step);
        }
    };

    /** A fixture with {@link #HOOK} as its restore hook and at most 3 lake files per run. */
    abstract RecoveryFixture fixture();

    @Test
    void restore_afterUnrelatedLaterWrites_yieldsExactlyTheSnapshotState() {
        RecoveryFixture f = fixture();
        SnapshotManifest snapshot = f.kit.snapshots().create("release-" + System.nanoTime(), "test",
                SnapshotKind.MANUAL);
        StateDigest.Result atSnapshot = f.kit.digest();
        laterWrites(f);
        assertThat(f.kit.digest()).isNotEqualTo(atSnapshot);

        var report = f.kit.restore().restore(snapshot.tag());

        assertThat(report.safetySnapshotId()).isNotNull();
        assertThat(f.kit.digest()).isEqualTo(atSnapshot);
        assertThat(f.kit.verifier().verify(false).findings()).isEmpty();
        assertThat(f.kit.snapshots().show(report.safetySnapshotId()).kind()).isEqualTo(SnapshotKind.SAFETY);
    }

    @ParameterizedTest
    @EnumSource(RestoreService.Step.class)
    void restore_killedAtAnyStep_refusesWrites_andConvergesWhenRunAgain(RestoreService.Step step) {
        RecoveryFixture f = fixture();
        SnapshotManifest snapshot = f.kit.snapshots().create(null, "before crash at " + step, SnapshotKind.MANUAL);
        StateDigest.Result atSnapshot = f.kit.digest();
        laterWrites(f);

        CRASH_AT.set(step);
        assertThatThrownBy(() -> f.kit.restore().restore(snapshot.id())).hasMessageContaining("simulated crash");
        assertThat(f.recovery.fence().journal()).isPresent();
        assertThatThrownBy(() -> f.recovery.fence().admit()).isInstanceOf(TemporarilyUnavailableException.class);
        assertThat(f.kit.verifier().verify(false).findings()).extracting(fd -> fd.kind())
                .contains("restore-interrupted");

        var second = f.kit.restore().restore(snapshot.id());

        assertThat(second.resumed()).isTrue();
        assertThat(f.kit.digest()).isEqualTo(atSnapshot);
        assertThat(f.recovery.fence().journal()).isEmpty();
        f.recovery.fence().admit().close();
    }

    @Test
    void writesDuringARestore_areRefused() {
        RecoveryFixture f = fixture();
        SnapshotManifest snapshot = f.kit.snapshots().create(null, "fence test", SnapshotKind.MANUAL);
        AtomicReference<Throwable> refused = new AtomicReference<>();
        CRASH_AT.set(null);
        RestoreService probing = new RestoreService(f.recovery, f.kit.snapshots(), java.time.InstantSource.system(),
                (step, detail) -> {
                    if (step == RestoreService.Step.PART_RESTORED && refused.get() == null) {
                        try (WriteFence.Permit permit = f.recovery.fence().admit()) {
                            refused.set(new AssertionError("a write was admitted during the restore"));
                        } catch (TemporarilyUnavailableException expected) {
                            refused.set(expected);
                        }
                    }
                });

        probing.restore(snapshot.id());

        assertThat(refused.get()).isInstanceOf(TemporarilyUnavailableException.class)
                .hasMessageContaining("restore");
        f.recovery.fence().admit().close();
    }

    @Test
    void compactionAfterASnapshot_deletesLiveFiles_butTheSnapshotKeepsThem() {
        RecoveryFixture f = fixture();
        f.flusher.flushAll();
        SnapshotManifest snapshot = f.kit.snapshots().create(null, "before compaction", SnapshotKind.MANUAL);
        StateDigest.Result atSnapshot = f.kit.digest();
        List<String> lakeFilesAtSnapshot = f.kit.snapshots().entries(snapshot, "lake").stream()
                .map(e -> e.path()).toList();

        Random random = new Random(3);
        for (int round = 0; round < 4; round++) {
            f.logPoints(f.runs.get(0), 1000 + round * 10, 1010 + round * 10, random);
            f.flusher.flushAll();
        }
        List<String> liveLake = f.recovery.part("lake").live().stream().map(e -> e.path()).toList();
        assertThat(lakeFilesAtSnapshot).as("compaction removed some of the snapshot's files from the live lake")
                .isNotEmpty().anyMatch(p -> !liveLake.contains(p));
        SnapshotService.SnapshotCheck check = f.kit.snapshots().verify(snapshot.id());
        assertThat(check.problems()).isEmpty();

        f.kit.restore().restore(snapshot.id());

        assertThat(f.kit.digest()).isEqualTo(atSnapshot);
        assertThat(f.recovery.part("lake").live().stream().map(e -> e.path()))
                .containsExactlyInAnyOrderElementsOf(lakeFilesAtSnapshot);
        assertThat(f.kit.verifier().verify(false).findings()).isEmpty();
    }

    /** Writes unrelated to any damage: a new run, more points on an old one, a tag, a new model version. */
    static void laterWrites(RecoveryFixture f) {
        var run = f.tracking.createRun(f.experimentId, "later", "later-run", System.currentTimeMillis(), List.of(),
                null);
        f.logPoints(run.runId(), 0, 5, new Random(9));
        f.logPoints(f.runs.get(1), 500, 505, new Random(10));
        f.tracking.setTag(f.runs.get(2), "note", "written after the snapshot");
        f.registry.setRegisteredModelTag(RecoveryFixture.MODEL, "later", "yes");
    }
}

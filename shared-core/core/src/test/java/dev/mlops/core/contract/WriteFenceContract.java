package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.TemporarilyUnavailableException;
import dev.mlops.core.recovery.RestoreJournal;
import dev.mlops.core.recovery.WriteFence;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WriteFence} must do. {@link #fence()} and {@link #restarted()} see the same durable state; the
 * second is a fresh instance, as after a crash or a cold start. Implementations wait briefly (well under a second)
 * for a snapshot to pass before refusing.
 */
public abstract class WriteFenceContract {

    protected abstract WriteFence fence();

    /** A new fence over the same state, as a restarted process would build. */
    protected abstract WriteFence restarted();

    @Test
    void admit_shouldPass_whileNothingHoldsTheState() {
        fence().admit().close();
        fence().admit().close();
    }

    @Test
    void snapshotHold_shouldRefuseWrites_afterTheWait_andReleaseOnClose() {
        try (WriteFence.Hold hold = fence().raise(WriteFence.Reason.SNAPSHOT, null)) {
            assertThatThrownBy(() -> fence().admit()).isInstanceOf(TemporarilyUnavailableException.class);
            assertThatThrownBy(() -> fence().raise(WriteFence.Reason.RECOVERY, null))
                    .isInstanceOf(TemporarilyUnavailableException.class);
        }
        fence().admit().close();
    }

    @Test
    void restoreJournal_shouldRefuseWrites_acrossARestart_untilCleared() {
        RestoreJournal journal = RestoreJournal.start("snap-1", 1);
        try (WriteFence.Hold hold = fence().raise(WriteFence.Reason.RESTORE, journal)) {
            fence().updateJournal(journal.withSafety("snap-2").withPartDone("lake"));
        }
        WriteFence after = restarted();
        assertThat(after.journal()).hasValueSatisfying(j -> {
            assertThat(j.snapshotId()).isEqualTo("snap-1");
            assertThat(j.safetySnapshotId()).isEqualTo("snap-2");
            assertThat(j.partsDone()).containsExactly("lake");
        });
        assertThatThrownBy(after::admit).isInstanceOf(TemporarilyUnavailableException.class)
                .hasMessageContaining("snap-1");

        try (WriteFence.Hold resumed = after.raise(WriteFence.Reason.RESTORE, after.journal().orElseThrow())) {
            after.clearJournal();
        }
        assertThat(after.journal()).isEmpty();
        after.admit().close();
    }
}

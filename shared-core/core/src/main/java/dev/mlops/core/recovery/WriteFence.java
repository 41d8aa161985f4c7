package dev.mlops.core.recovery;

import java.util.Optional;

/**
 * The gate every state-changing request passes. A snapshot capture raises it briefly (writers wait, then get 503);
 * a restore raises it for its whole run and records a {@link RestoreJournal}, and while a journal exists, also after
 * a crash or a restart, writes are refused with TEMPORARILY_UNAVAILABLE (503), which the mlflow client retries.
 * Holding a permit for the whole request is what keeps a write from being half-applied across a restore.
 */
public interface WriteFence {

    /** Why the fence is up. */
    enum Reason { SNAPSHOT, RECOVERY, RESTORE }

    /** Admits one write; close the permit when the write has finished. Throws TemporarilyUnavailableException. */
    Permit admit();

    /**
     * Stops new admissions and waits until admitted writes have finished. For RESTORE the journal is persisted
     * first and outlives the hold; other reasons leave nothing behind when the hold closes.
     */
    Hold raise(Reason reason, RestoreJournal journal);

    /** The open restore journal, if a restore is running or was interrupted. */
    Optional<RestoreJournal> journal();

    /** Replaces the journal of the running restore (progress, the safety snapshot's id). */
    void updateJournal(RestoreJournal journal);

    /** Ends the restore: deletes the journal. Writes are admitted again once the hold closes. */
    void clearJournal();

    interface Permit extends AutoCloseable {
        @Override
        void close();

        Permit NONE = () -> {
        };
    }

    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** For stores with no concurrent writers (tests, tools). */
    WriteFence OPEN = new WriteFence() {
        @Override
        public Permit admit() {
            return Permit.NONE;
        }

        @Override
        public Hold raise(Reason reason, RestoreJournal journal) {
            return () -> {
            };
        }

        @Override
        public Optional<RestoreJournal> journal() {
            return Optional.empty();
        }

        @Override
        public void updateJournal(RestoreJournal journal) {
        }

        @Override
        public void clearJournal() {
        }
    };
}

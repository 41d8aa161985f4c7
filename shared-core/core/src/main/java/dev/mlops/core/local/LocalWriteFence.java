package dev.mlops.core.local;

import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.error.TemporarilyUnavailableException;
import dev.mlops.core.recovery.RestoreJournal;
import dev.mlops.core.recovery.WriteFence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The fence of one server process: a count of admitted writes and the reason the fence is up, if it is. A restore's
 * journal is also written to {@code <data-dir>/recovery/restore.json}, so after a crash or a restart writes stay
 * refused until the restore is run again. Writers arriving during a snapshot capture wait up to
 * {@code snapshotWait} (captures take milliseconds here) before they are refused.
 */
public final class LocalWriteFence implements WriteFence {

    private final Path journalFile;
    private final long snapshotWaitMillis;
    private final long drainMillis;
    private final Object lock = new Object();
    private int admitted;
    private Reason raised;
    private RestoreJournal journal;

    public LocalWriteFence(Path dataDir, Duration snapshotWait, Duration drain) {
        this.journalFile = dataDir.resolve("recovery/restore.json");
        this.snapshotWaitMillis = snapshotWait.toMillis();
        this.drainMillis = drain.toMillis();
        this.journal = Files.isRegularFile(journalFile) ? JsonFiles.read(journalFile, RestoreJournal.class) : null;
    }

    @Override
    public Permit admit() {
        synchronized (lock) {
            long deadline = System.currentTimeMillis() + snapshotWaitMillis;
            while (raised != null && raised != Reason.RESTORE && journal == null) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                waitQuietly(left);
            }
            if (journal != null) {
                throw new TemporarilyUnavailableException("A restore of snapshot " + journal.snapshotId()
                        + " is in progress; writes are refused until it has finished. Try again shortly.", null);
            }
            if (raised != null) {
                throw new TemporarilyUnavailableException("A " + raised.name().toLowerCase(java.util.Locale.ROOT)
                        + " holds the state; try again shortly.", null);
            }
            admitted++;
        }
        return new Permit() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (lock) {
                    if (!closed) {
                        closed = true;
                        admitted--;
                        lock.notifyAll();
                    }
                }
            }
        };
    }

    @Override
    public Hold raise(Reason reason, RestoreJournal restoreJournal) {
        synchronized (lock) {
            if (raised != null) {
                throw new TemporarilyUnavailableException("A " + raised.name().toLowerCase(java.util.Locale.ROOT)
                        + " is already running; try again when it has finished.", null);
            }
            boolean fresh = journal == null;
            if (reason == Reason.RESTORE) {
                persist(restoreJournal);
                journal = restoreJournal;
            } else if (journal != null) {
                throw new TemporarilyUnavailableException("A restore of snapshot " + journal.snapshotId()
                        + " has not finished.", null);
            }
            raised = reason;
            long deadline = System.currentTimeMillis() + drainMillis;
            while (admitted > 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    int stillRunning = admitted;
                    raised = null;
                    if (reason == Reason.RESTORE && fresh) {
                        AtomicFiles.deleteQuietly(journalFile);
                        journal = null;
                    }
                    lock.notifyAll();
                    throw new TemporarilyUnavailableException(stillRunning + " writes were still running after "
                            + drainMillis / 1000 + " s; nothing was changed. Try again.", null);
                }
                waitQuietly(left);
            }
        }
        return () -> {
            synchronized (lock) {
                raised = null;
                lock.notifyAll();
            }
        };
    }

    @Override
    public Optional<RestoreJournal> journal() {
        synchronized (lock) {
            return Optional.ofNullable(journal);
        }
    }

    @Override
    public void updateJournal(RestoreJournal updated) {
        synchronized (lock) {
            persist(updated);
            journal = updated;
        }
    }

    @Override
    public void clearJournal() {
        synchronized (lock) {
            AtomicFiles.deleteQuietly(journalFile);
            AtomicFiles.syncDirectory(journalFile.getParent());
            journal = null;
            lock.notifyAll();
        }
    }

    private void persist(RestoreJournal value) {
        try {
            Files.createDirectories(journalFile.getParent());
        } catch (IOException e) {
            throw new StorageFailureException("Cannot create " + journalFile.getParent() + ": " + e.getMessage(), e);
        }
        JsonFiles.write(journalFile, value);
    }

    private void waitQuietly(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporarilyUnavailableException("Interrupted while waiting for the write fence.", e);
        }
    }
}

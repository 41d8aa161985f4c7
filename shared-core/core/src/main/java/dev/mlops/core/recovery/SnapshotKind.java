package dev.mlops.core.recovery;

/** Why a snapshot was taken; retention treats them alike, except that tagged snapshots are kept until deleted. */
public enum SnapshotKind {
    /** {@code ./mlops snapshot create} or the admin route. */
    MANUAL,
    /** The daily schedule of the recovery function. */
    SCHEDULED,
    /** Taken by a restore just before it changes anything, so the restore itself can be undone. */
    SAFETY
}

package dev.mlops.core.recovery;

import java.util.Locale;

/**
 * Something verify found wrong. Each finding names its target (what to repair) and how severe it is: detected data
 * corruption is a WARNING; an interrupted restore (writes are refused) is CRITICAL; a degraded model carries its
 * alert's severity. {@link #key()} identifies a finding across verify runs, so recovery can tell whether a repair
 * made it go away.
 */
public sealed interface Finding {

    String target();

    String message();

    default Severity severity() {
        return Severity.WARNING;
    }

    /** {@code LakeFileCorrupt} -> {@code lake-file-corrupt}. */
    default String kind() {
        return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    default String key() {
        return kind() + ":" + target();
    }

    /** A file a run's manifest lists is gone. */
    record LakeFileMissing(String experimentId, String runId, String name) implements Finding {
        public String target() {
            return name;
        }

        public String message() {
            return "lake file " + name + " of run " + runId + " is listed by its manifest but missing";
        }
    }

    /** A listed file does not read, or its rows do not hash to its name. */
    record LakeFileCorrupt(String experimentId, String runId, String name, String reason) implements Finding {
        public String target() {
            return name;
        }

        public String message() {
            return "lake file " + name + " of run " + runId + " is corrupt: " + reason;
        }
    }

    /**
     * A file no manifest lists and no flush can adopt. {@code redundant}: its rows are in the lake already (a copy,
     * a compaction leftover), and engines reading the directory would count them twice; otherwise it may hold the
     * only copy of some points and is left for a person to look at.
     */
    record StrayLakeFile(String experimentId, String runId, String name, boolean redundant, String problem)
            implements Finding {
        public String target() {
            return name;
        }

        public String message() {
            String why = problem != null ? " (" + problem + ")"
                    : redundant ? "; its rows are in listed files, so engines reading the lake directory count them "
                    + "twice" : "; it holds points no listed file has";
            return "lake file " + name + " is listed by no manifest" + why;
        }
    }

    /** A flush wrote its file and stopped before its commit; the buffer still holds the points. */
    record InterruptedFlush(String experimentId, String runId, String name) implements Finding {
        public String target() {
            return runId;
        }

        public String message() {
            return "a flush of run " + runId + " wrote " + name + " and stopped before committing it";
        }
    }

    /** Buffered points have waited longer than the flush should ever take. */
    record StuckBuffer(String experimentId, String runId, long pendingPoints, long waitingMillis) implements Finding {
        public String target() {
            return runId;
        }

        public String message() {
            return "run " + runId + " has " + pendingPoints + " buffered metric points waiting for "
                    + waitingMillis / 1000 + " s without a flush";
        }
    }

    /** A stored record that does not parse. */
    record RecordUnreadable(String part, String path, String reason) implements Finding {
        public String target() {
            return part + ":" + path;
        }

        public String message() {
            return "record " + path + " in " + part + " cannot be read: " + reason;
        }
    }

    /** A record is gone that something still refers to, or that the latest snapshot holds (runs are never purged). */
    record RecordMissing(RecordRef ref, String evidence) implements Finding {
        public String target() {
            return ref.toString();
        }

        public String message() {
            return ref + " is missing (" + evidence + ")";
        }
    }

    /** A reference to something that does not exist and that no record restore brings back. */
    record DanglingReference(String from, String to) implements Finding {
        public String target() {
            return from + " -> " + to;
        }

        public String message() {
            return from + " refers to " + to + ", which does not exist";
        }
    }

    /** A model version's artifact is gone. */
    record ModelArtifactMissing(String model, int version, String stage, String location) implements Finding {
        public String target() {
            return model + "/" + version;
        }

        public String message() {
            return "model " + model + " version " + version + " (" + stage + ") has no artifact at " + location;
        }
    }

    /** A model version's artifact no longer digests to the SHA-256 recorded at registration. */
    record ModelArtifactCorrupt(String model, int version, String stage, String location, String expected,
                                String actual) implements Finding {
        public String target() {
            return model + "/" + version;
        }

        public String message() {
            return "model " + model + " version " + version + " (" + stage + ") artifact at " + location
                    + " digests to " + actual + ", registered as " + expected;
        }
    }

    /** A Production version whose latest evaluation fell below its baseline past a threshold. */
    record ModelDegraded(String model, int version, String detail, Severity alert) implements Finding {
        public String target() {
            return model + "/" + version;
        }

        public String message() {
            return "Production model " + model + " version " + version + " is degraded: " + detail;
        }

        @Override
        public Severity severity() {
            return alert;
        }
    }

    /** A restore started and did not finish: writes are refused until it is run again. */
    record RestoreInterrupted(RestoreJournal journal) implements Finding {
        public String target() {
            return journal.snapshotId();
        }

        public String message() {
            return "the restore of snapshot " + journal.snapshotId() + " did not finish; writes are refused until "
                    + "it is run again";
        }

        @Override
        public Severity severity() {
            return Severity.CRITICAL;
        }
    }

    /** Snapshots' bytes could be deleted by something other than retention (versioning, lifecycle rules). */
    record RetentionAtRisk(String what, String detail) implements Finding {
        public String target() {
            return what;
        }

        public String message() {
            return detail;
        }

        @Override
        public Severity severity() {
            return Severity.CRITICAL;
        }
    }
}

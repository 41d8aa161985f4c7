package dev.mlops.core.recovery;

import dev.mlops.core.metric.LakeManifest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What verify and recovery need from the Parquet lake (implemented by the lake module, over file:// and s3a://).
 * A lake file checks by its own content: its name is the SHA-256 of its partition values, lineage and rows, so
 * reading every row (page CRCs verified) and digesting them proves the bytes, with no checksum stored elsewhere.
 */
public interface LakeInspection {

    /** The outcome of checking one lake file. */
    sealed interface FileCheck {
        record Ok(long rows) implements FileCheck {
        }

        record Missing() implements FileCheck {
        }

        record Corrupt(String reason) implements FileCheck {
        }
    }

    /** Reads the file whole: footer for the run, every page, content digest against the name, row count. */
    FileCheck check(String relativeName, String runId, long expectedRows);

    /**
     * A part file in a run's directory that the run's manifest does not list (nor retires). {@code adoptable}: a
     * crashed flush wrote it and the buffer still holds its points. {@code redundant}: every row is in the lake
     * already (a copy of a listed file, or a file a listed compaction replaced), so moving it aside loses nothing.
     */
    record Unlisted(String relativeName, long size, long lastModified, boolean adoptable, boolean redundant,
                    String problem) {
    }

    /** {@code uncovered}: the buffer batches no listed file covers, which an interrupted flush's file would. */
    List<Unlisted> unlisted(String experimentId, String runId, LakeManifest manifest, Set<String> uncovered);

    /** Everything verify asks about one run's directory, from one listing of it. */
    record RunInspection(java.util.Map<String, FileCheck> listed, List<Unlisted> unlisted) {
    }

    /** Checks every file the manifest lists and classifies the files it does not, listing the directory once. */
    RunInspection inspect(String experimentId, String runId, LakeManifest manifest, Set<String> uncovered);

    /** Run directories present in the lake. */
    List<RunDirectory> runDirectories();

    record RunDirectory(String experimentId, String runId) {
    }

    /** Flushes one run as the flusher does (adopting what a crashed flush wrote); empty or the failure. */
    Optional<String> flush(String runId, String experimentId);

    /** A flush of the run that dies right after writing its file, before the commit (incident simulation). */
    Optional<String> flushDyingAfterWrite(String runId, String experimentId);

    /** Leftover temporary files of flushes (names starting {@code _tmp.}) older than the cutoff; deleted count. */
    int removeTempFiles(String experimentId, String runId, long olderThanMillis);
}

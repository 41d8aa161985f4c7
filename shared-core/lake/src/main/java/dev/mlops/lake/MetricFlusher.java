package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.metric.LakeManifest.LakeFile;
import dev.mlops.core.metric.MergedCursor;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.port.MetricBuffer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.jboss.logging.Logger;

/**
 * Moves buffered points into the Parquet lake, exactly once. Per run: take a snapshot (batches, then manifest),
 * write one file from the uncovered batches under a content-derived name, verify its footer, commit it to the
 * manifest by compare-and-set, then release the batches. A crash between any two steps leaves a state the next
 * flush finishes: a written but uncommitted file is adopted from its footer's lineage, committed but unreleased
 * batches are released, and a lost race is retried from a fresh snapshot. When a run has many files, the flush
 * writes one file merging them with the new batches (a compaction) and retires the old ones.
 */
public final class MetricFlusher {

    private static final Logger LOG = Logger.getLogger(MetricFlusher.class);

    /** Points a test may stop a flush at, to prove that the next flush repairs whatever was left. */
    public enum Step { SNAPSHOT_TAKEN, FILE_WRITTEN, COMMITTED, RELEASED }

    /** Called as each step completes; a throwing hook is a crash at that point. */
    public interface StepHook {
        void reached(Step step, String runId);

        StepHook NONE = (step, runId) -> {
        };
    }

    /**
     * @param maxFilesPerRun a flush that would leave more files merges them all into one
     * @param retiredGraceMillis how long replaced files stay for readers of an older manifest (0: deleted right after
     *                           the commit; our own readers then re-open from their position). With a grace, a
     *                           run's retired files go at its next flush after the grace.
     * @param orphanGraceMillis how old an unlisted file must be before it is deleted (younger ones may belong to a
     *                          flush still in progress)
     * @param maxAttempts compare-and-set attempts per run before giving up to a concurrent flusher
     */
    public record Settings(int maxFilesPerRun, long retiredGraceMillis, long orphanGraceMillis, int maxAttempts) {
        /** Replaced files go at once: readers that lose one re-open from where they were (LakeMetricStore). */
        public static final Settings DEFAULT = new Settings(16, 0, 3_600_000, 5);
    }

    private final MetricBuffer buffer;
    private final LakeLayout layout;
    private final Configuration conf;
    private final MetricFileWriter writer;
    private final MetricFileReader reader;
    private final Function<String, Optional<String>> experimentOfRun;
    private final Settings settings;
    private final StepHook hook;
    private final InstantSource clock;

    public MetricFlusher(MetricBuffer buffer, LakeLayout layout, Configuration conf,
                         Function<String, Optional<String>> experimentOfRun, Settings settings, StepHook hook,
                         InstantSource clock) {
        this.buffer = buffer;
        this.layout = layout;
        this.conf = conf;
        this.writer = new MetricFileWriter(layout, conf);
        this.reader = new MetricFileReader(conf);
        this.experimentOfRun = experimentOfRun;
        this.settings = settings;
        this.hook = hook;
        this.clock = clock;
    }

    /** Flushes every run with buffered points; one run's failure is reported and the others proceed. */
    public FlushReport flushAll() {
        long started = clock.millis();
        List<FlushReport.RunFailure> failures = new ArrayList<>();
        RunFlush total = RunFlush.NOTHING;
        int runs = 0;
        for (MetricBuffer.PendingRun run : buffer.pendingRuns()) {
            try {
                total = total.plus(flushRun(run.runId(), run.experimentId()));
                runs++;
            } catch (RuntimeException e) {
                failures.add(failure(run.runId(), e));
            }
        }
        return report(runs, total, failures, started);
    }

    /** Flushes one run (the size-threshold trigger); {@code experimentId} may be null. */
    public FlushReport flushOne(String runId, String experimentId) {
        long started = clock.millis();
        try {
            return report(1, flushRun(runId, experimentId), List.of(), started);
        } catch (RuntimeException e) {
            return report(0, RunFlush.NOTHING, List.of(failure(runId, e)), started);
        }
    }

    private RunFlush flushRun(String runId, String knownExperimentId) {
        String experimentId = knownExperimentId != null ? knownExperimentId : experimentOfRun.apply(runId)
                .orElseThrow(() -> new IllegalStateException("run " + runId + " has buffered metrics but no record"));
        RunFlush done = RunFlush.NOTHING;
        int conflicts = 0;
        while (true) {
            BufferSnapshot snapshot = buffer.snapshot(runId);
            hook.reached(Step.SNAPSHOT_TAKEN, runId);
            Attempt attempt = attempt(experimentId, runId, snapshot);
            if (attempt.committed()) {
                done = done.plus(attempt.outcome());
                if (attempt.finished()) {
                    return done;
                }
            } else if (++conflicts >= settings.maxAttempts()) {
                throw new IllegalStateException("gave up after " + conflicts
                        + " lost commits; another flush is working on run " + runId);
            }
        }
    }

    /** One step forward from a snapshot: adopt an orphan, or write and commit the uncovered batches. */
    private Attempt attempt(String experimentId, String runId, BufferSnapshot snapshot) {
        LakeManifest manifest = snapshot.manifest();
        Set<String> buffered = snapshot.batchIds();
        Set<String> covered = new HashSet<>(manifest.coveredBatches());
        covered.retainAll(buffered);
        List<PointBatch> uncovered = snapshot.uncovered();
        Set<String> uncoveredIds = ids(uncovered);
        FileSystem fs = fileSystem();
        Path runDir = layout.runDirectory(experimentId, runId);

        List<FileStatus> unlisted = unlistedFiles(fs, runDir, manifest);
        for (FileStatus orphan : unlisted) {
            FileFooter footer = FileFooter.read(orphan.getPath(), conf);
            if (adoptable(footer, manifest, uncoveredIds)) {
                LakeFile adopted = new LakeFile(layout.relative(orphan.getPath()), footer.rows(),
                        footer.lineage().batches());
                if (!commit(manifest, manifest.next(List.of(adopted), footer.lineage().replaces(), buffered,
                        clock.millis(), Set.of()), runId)) {
                    return Attempt.LOST;
                }
                LOG.infof("Adopted %s, written by a flush that stopped before its commit", adopted.name());
                release(runId, union(covered, footer.lineage().batches()));
                return new Attempt(true, false, new RunFlush(0, 0, 1, 0));
            }
        }
        int deleted = deleteExpired(fs, manifest, unlisted);
        if (uncovered.isEmpty()) {
            Set<String> forgotten = expiredRetired(manifest);
            if (!forgotten.isEmpty() && !commit(manifest, manifest.next(List.of(), Set.of(), buffered,
                    clock.millis(), forgotten), runId)) {
                return Attempt.LOST;
            }
            deleted += deleteFiles(fs, forgotten);
            release(runId, covered);
            return new Attempt(true, true, new RunFlush(0, 0, 0, deleted));
        }

        boolean compact = manifest.files().size() + 1 > settings.maxFilesPerRun();
        Set<String> replaces = compact
                ? manifest.files().stream().map(LakeFile::name).collect(Collectors.toSet()) : Set.of();
        Set<String> lineageBatches = new HashSet<>(uncoveredIds);
        if (compact) {
            lineageBatches.addAll(covered);
        }
        FileFooter.Lineage lineage = new FileFooter.Lineage(lineageBatches, replaces);
        long newPoints = uncovered.stream().mapToLong(PointBatch::count).sum();
        MetricFileWriter.Written written;
        try (MetricCursor rows = rows(uncovered, compact ? manifest.files() : List.of(), runId)) {
            written = writer.write(experimentId, runId, rows, lineage);
        }
        hook.reached(Step.FILE_WRITTEN, runId);
        verify(written, runId, lineage);
        LakeFile file = new LakeFile(layout.relative(written.file()), written.points(), lineageBatches);
        Set<String> forgotten = expiredRetired(manifest);
        if (!commit(manifest, manifest.next(List.of(file), replaces, buffered, clock.millis(), forgotten), runId)) {
            return Attempt.LOST;
        }
        hook.reached(Step.COMMITTED, runId);
        // Deletes come before the release: while batches are unreleased the run stays pending, so a crash here
        // is finished by the next flush even if the run never logs again.
        deleted += deleteFiles(fs, forgotten);
        if (settings.retiredGraceMillis() == 0) {
            deleted += deleteFiles(fs, replaces);
        }
        release(runId, union(covered, uncoveredIds));
        hook.reached(Step.RELEASED, runId);
        return new Attempt(true, true, new RunFlush(newPoints, 1, 0, deleted));
    }

    /** The new batches' points, plus every row of the files being compacted, merged in file order. */
    private MetricCursor rows(List<PointBatch> batches, List<LakeFile> compacted, String runId) {
        List<MetricPoint> fresh = new ArrayList<>();
        for (PointBatch batch : batches) {
            batch.forEach(fresh::add);
        }
        List<MetricPoint> sorted = MetricRows.sortedDistinct(fresh);
        List<MetricCursor> sources = new ArrayList<>();
        sources.add(MetricCursor.of(sorted));
        try {
            for (LakeFile f : compacted) {
                sources.add(reader.readAll(layout.resolve(f.name()), runId));
            }
        } catch (RuntimeException e) {
            sources.forEach(MetricCursor::close);
            throw e;
        }
        return MergedCursor.of(sources, MetricRows.ORDER);
    }

    /**
     * An unlisted file can finish a crashed flush when everything it replaces is still listed and every batch it
     * covers is either still uncovered in the buffer or covered by a file it replaces.
     */
    static boolean adoptable(FileFooter footer, LakeManifest manifest, Set<String> uncoveredIds) {
        if (footer.lineage().batches().isEmpty() || !footer.lineage().replaces().stream().allMatch(manifest::lists)) {
            return false;
        }
        Set<String> coveredByReplaced = new HashSet<>();
        manifest.files().stream().filter(f -> footer.lineage().replaces().contains(f.name()))
                .forEach(f -> coveredByReplaced.addAll(f.batches()));
        boolean coversSomethingNew = false;
        for (String batch : footer.lineage().batches()) {
            if (uncoveredIds.contains(batch)) {
                coversSomethingNew = true;
            } else if (!coveredByReplaced.contains(batch)) {
                return false;
            }
        }
        return coversSomethingNew;
    }

    /** Reads back the footer of the file the commit will name: a bad file stops the run before its commit. */
    private void verify(MetricFileWriter.Written written, String runId, FileFooter.Lineage lineage) {
        FileFooter footer = FileFooter.read(written.file(), conf);
        if (!runId.equals(footer.runId()) || footer.rows() != written.points()
                || !footer.lineage().equals(lineage)) {
            throw new LakeFileException(written.file(), new IOException("its footer says run " + footer.runId()
                    + " with " + footer.rows() + " rows; expected run " + runId + " with " + written.points()));
        }
    }

    private boolean commit(LakeManifest expected, LakeManifest next, String runId) {
        boolean won = buffer.commit(expected, next);
        if (!won) {
            LOG.debugf("Another flush committed run %s first; retrying from a new snapshot", runId);
        }
        return won;
    }

    private void release(String runId, Set<String> batches) {
        if (!batches.isEmpty()) {
            buffer.release(runId, batches);
        }
    }

    private List<FileStatus> unlistedFiles(FileSystem fs, Path runDir, LakeManifest manifest) {
        List<FileStatus> unlisted = new ArrayList<>();
        try {
            for (FileStatus status : fs.listStatus(runDir)) {
                String name = status.getPath().getName();
                if (status.isFile() && name.startsWith(LakeLayout.PREFIX) && name.endsWith(LakeLayout.SUFFIX)) {
                    String relative = layout.relative(status.getPath());
                    if (!manifest.lists(relative) && !manifest.retires(relative)) {
                        unlisted.add(status);
                    }
                }
            }
        } catch (FileNotFoundException noFilesYet) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir, e);
        }
        return unlisted;
    }

    /** Unlisted files that no flush can adopt any more, once they are old enough not to be in progress. */
    private int deleteExpired(FileSystem fs, LakeManifest manifest, List<FileStatus> unlisted) {
        long cutoff = clock.millis() - settings.orphanGraceMillis();
        Set<String> expired = new HashSet<>();
        for (FileStatus status : unlisted) {
            if (status.getModificationTime() < cutoff) {
                expired.add(layout.relative(status.getPath()));
            }
        }
        return deleteFiles(fs, expired);
    }

    private Set<String> expiredRetired(LakeManifest manifest) {
        long cutoff = clock.millis() - settings.retiredGraceMillis();
        return manifest.retired().stream().filter(r -> r.retiredAt() < cutoff).map(LakeManifest.Retired::name)
                .collect(Collectors.toSet());
    }

    private int deleteFiles(FileSystem fs, Set<String> relativeNames) {
        int deleted = 0;
        for (String name : relativeNames) {
            try {
                deleted += fs.delete(layout.resolve(name), false) ? 1 : 0;
            } catch (IOException e) {
                LOG.warnf("Could not delete %s (%s); a later flush tries again", name, e.getMessage());
            }
        }
        return deleted;
    }

    private FileSystem fileSystem() {
        try {
            return layout.root().getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lake at " + layout.root(), e);
        }
    }

    private static FlushReport.RunFailure failure(String runId, RuntimeException e) {
        String file = e instanceof LakeFileException lake ? lake.file().toString() : null;
        LOG.warnf("Flush of run %s failed, its buffer is kept: %s", runId, e.getMessage());
        return new FlushReport.RunFailure(runId, file, e.getMessage());
    }

    private FlushReport report(int runs, RunFlush total, List<FlushReport.RunFailure> failures, long started) {
        return new FlushReport(runs, total.points(), total.written(), total.adopted(), total.deleted(), failures,
                clock.millis() - started);
    }

    private static Set<String> ids(List<PointBatch> batches) {
        return batches.stream().map(PointBatch::digest).collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** {@code finished}: nothing left to do for the run from this snapshot. */
    private record Attempt(boolean committed, boolean finished, RunFlush outcome) {
        static final Attempt LOST = new Attempt(false, false, RunFlush.NOTHING);
    }
}

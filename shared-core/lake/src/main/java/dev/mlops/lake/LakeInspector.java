package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.recovery.LakeInspection;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Verify's and recovery's view of the lake, on file:// and s3a:// alike. A file is checked whole: the footer must
 * name the run, every page must pass its CRC, and the rows (with the footer's lineage) must digest to the file's
 * content name, so any changed byte that matters is caught without a checksum kept elsewhere.
 */
public final class LakeInspector implements LakeInspection {

    private final LakeLayout layout;
    private final Configuration conf;
    private final MetricFileReader reader;
    private final Function<MetricFlusher.StepHook, MetricFlusher> flushers;

    /** {@code flushers} builds a flusher over the same buffer and lake with the given step hook. */
    public LakeInspector(LakeLayout layout, Configuration conf,
                         Function<MetricFlusher.StepHook, MetricFlusher> flushers) {
        this.layout = layout;
        this.conf = conf;
        this.reader = new MetricFileReader(conf);
        this.flushers = flushers;
    }

    @Override
    public FileCheck check(String relativeName, String runId, long expectedRows) {
        Path file;
        try {
            file = layout.resolve(relativeName);
        } catch (IllegalArgumentException e) {
            return new FileCheck.Corrupt("not a lake file name");
        }
        FileStatus status;
        try {
            status = fs().getFileStatus(file);
        } catch (FileNotFoundException e) {
            return new FileCheck.Missing();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + file, e);
        }
        return check(status, runId, expectedRows);
    }

    /**
     * One read of a listed file: the footer (through the reader's own open, no extra request), then every row with
     * its page CRCs, digested with the footer's lineage; the digest must be the file's name.
     */
    private FileCheck check(FileStatus status, String runId, long expectedRows) {
        Map<String, String> footer = new HashMap<>();
        long rows = 0;
        LakeLayout.ContentDigest digest = null;
        try (MetricFileReader.Cursor cursor = reader.readAll(status, runId, meta -> meta.forEach((k, v) ->
                footer.put(k, v.iterator().next())))) {
            while (cursor.hasNext()) {
                MetricPoint p = cursor.next();
                if (digest == null) {
                    digest = digestOf(footer, runId);
                }
                digest.add(p);
                rows++;
            }
        } catch (LakeFileException | UncheckedIOException e) {
            if (footer.isEmpty()) {
                return new FileCheck.Corrupt("its footer does not read (truncated or not Parquet)");
            }
            if (!runId.equals(footer.get(MetricWriteSupport.META_RUN))) {
                return new FileCheck.Corrupt("its footer names run " + footer.get(MetricWriteSupport.META_RUN));
            }
            return new FileCheck.Corrupt("a data page does not read or fails its CRC after " + rows + " rows");
        }
        if (digest == null) {
            digest = digestOf(footer, runId);
        }
        String name = status.getPath().getName();
        String expected = name.substring(LakeLayout.PREFIX.length(), name.length() - LakeLayout.SUFFIX.length());
        if (!digest.finish().equals(expected)) {
            return new FileCheck.Corrupt("its rows do not digest to its name");
        }
        if (expectedRows >= 0 && rows != expectedRows) {
            return new FileCheck.Corrupt("it holds " + rows + " rows, its manifest says " + expectedRows);
        }
        return new FileCheck.Ok(rows);
    }

    private static LakeLayout.ContentDigest digestOf(Map<String, String> footer, String runId) {
        return new LakeLayout.ContentDigest(footer.get(MetricWriteSupport.META_EXPERIMENT), runId,
                FileFooter.Lineage.of(footer).tokens());
    }

    @Override
    public RunInspection inspect(String experimentId, String runId, LakeManifest manifest, Set<String> uncovered) {
        Map<String, FileStatus> present = new HashMap<>();
        for (FileStatus status : list(layout.runDirectory(experimentId, runId))) {
            String name = status.getPath().getName();
            if (status.isFile() && name.startsWith(LakeLayout.PREFIX) && name.endsWith(LakeLayout.SUFFIX)) {
                present.put(layout.relative(status.getPath()), status);
            }
        }
        Map<String, FileCheck> listed = new LinkedHashMap<>();
        for (LakeManifest.LakeFile file : manifest.files()) {
            FileStatus status = present.get(file.name());
            listed.put(file.name(), status != null ? check(status, runId, file.points())
                    : check(file.name(), runId, file.points()));
        }
        return new RunInspection(listed, unlisted(experimentId, runId, manifest, uncovered, present.values()));
    }

    @Override
    public List<Unlisted> unlisted(String experimentId, String runId, LakeManifest manifest, Set<String> uncovered) {
        return unlisted(experimentId, runId, manifest, uncovered, list(layout.runDirectory(experimentId, runId)));
    }

    private List<Unlisted> unlisted(String experimentId, String runId, LakeManifest manifest, Set<String> uncovered,
                                    java.util.Collection<FileStatus> statuses) {
        List<Unlisted> found = new ArrayList<>();
        Set<String> replaced = null;
        for (FileStatus status : statuses) {
            String name = status.getPath().getName();
            if (!status.isFile() || !name.startsWith(LakeLayout.PREFIX) || !name.endsWith(LakeLayout.SUFFIX)) {
                continue;
            }
            String relative = layout.relative(status.getPath());
            if (manifest.lists(relative) || manifest.retires(relative)) {
                continue;
            }
            boolean adoptable = false;
            boolean redundant = false;
            String problem = null;
            try {
                FileFooter footer = FileFooter.read(status.getPath(), conf);
                adoptable = runId.equals(footer.runId()) && MetricFlusher.adoptable(footer, manifest, uncovered);
                if (!adoptable) {
                    if (replaced == null) {
                        replaced = replacedByListed(manifest);
                    }
                    redundant = replaced.contains(relative) || duplicatesListed(status.getPath(), footer, manifest);
                }
            } catch (LakeFileException | UncheckedIOException e) {
                problem = "it does not read as a lake file";
                redundant = true; // no readable point can be lost by moving it aside
            }
            found.add(new Unlisted(relative, status.getLen(), status.getModificationTime(), adoptable, redundant,
                    problem));
        }
        return found;
    }

    /** Files the listed compactions replaced: their rows live on in the compacted file. */
    private Set<String> replacedByListed(LakeManifest manifest) {
        Set<String> replaced = new java.util.HashSet<>();
        for (LakeManifest.LakeFile file : manifest.files()) {
            try {
                replaced.addAll(FileFooter.read(layout.resolve(file.name()), conf).lineage().replaces());
            } catch (LakeFileException | IllegalArgumentException unreadable) {
                // a damaged listed file is verify's own finding
            }
        }
        return replaced;
    }

    /** A byte copy under another name: its rows digest to the name of a file the manifest lists. */
    private boolean duplicatesListed(Path file, FileFooter footer, LakeManifest manifest) {
        LakeLayout.ContentDigest digest = new LakeLayout.ContentDigest(footer.experimentId(), footer.runId(),
                footer.lineage().tokens());
        try (MetricFileReader.Cursor cursor = reader.readAll(file, footer.runId())) {
            while (cursor.hasNext()) {
                digest.add(cursor.next());
            }
        }
        String name = LakeLayout.fileName(digest.finish());
        return manifest.files().stream().anyMatch(f -> f.name().endsWith("/" + name));
    }

    @Override
    public List<RunDirectory> runDirectories() {
        List<RunDirectory> runs = new ArrayList<>();
        for (FileStatus experiment : list(layout.root())) {
            String e = experiment.getPath().getName();
            if (!experiment.isDirectory() || !e.startsWith("experiment_id=")) {
                continue;
            }
            for (FileStatus run : list(experiment.getPath())) {
                String r = run.getPath().getName();
                if (run.isDirectory() && r.startsWith("run_id=")) {
                    runs.add(new RunDirectory(e.substring("experiment_id=".length()), r.substring("run_id=".length())));
                }
            }
        }
        return runs;
    }

    @Override
    public Optional<String> flush(String runId, String experimentId) {
        FlushReport report = flushers.apply(MetricFlusher.StepHook.NONE).flushOne(runId, experimentId);
        return report.ok() ? Optional.empty() : Optional.of(report.failures().get(0).message());
    }

    @Override
    public Optional<String> flushDyingAfterWrite(String runId, String experimentId) {
        MetricFlusher.StepHook dies = (step, run) -> {
            if (step == MetricFlusher.Step.FILE_WRITTEN) {
                throw new IllegalStateException("simulated crash after writing the lake file");
            }
        };
        FlushReport report = flushers.apply(dies).flushOne(runId, experimentId);
        if (report.ok()) {
            return Optional.of("the run had nothing to flush");
        }
        String message = report.failures().get(0).message();
        return message.contains("simulated crash") ? Optional.empty() : Optional.of(message);
    }

    @Override
    public int removeTempFiles(String experimentId, String runId, long olderThanMillis) {
        int removed = 0;
        for (FileStatus status : list(layout.runDirectory(experimentId, runId))) {
            if (status.isFile() && status.getPath().getName().startsWith("_tmp.")
                    && status.getModificationTime() < olderThanMillis) {
                try {
                    removed += fs().delete(status.getPath(), false) ? 1 : 0;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + status.getPath(), e);
                }
            }
        }
        return removed;
    }

    private List<FileStatus> list(Path dir) {
        try {
            return List.of(fs().listStatus(dir));
        } catch (FileNotFoundException absent) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private FileSystem fs() throws IOException {
        return layout.root().getFileSystem(conf);
    }
}

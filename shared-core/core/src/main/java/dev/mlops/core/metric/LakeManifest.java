package dev.mlops.core.metric;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A run's commit record for the lake: the Parquet files that hold its flushed points, each with the buffer batches
 * it was written from. A file exists in the lake's logical content only once listed here; a batch listed here is
 * no longer part of the buffer's logical content, even before the flush removes it. So at every instant
 * {@code committed files + (buffered batches - covered batches)} holds each point exactly once, and a flush
 * committed by one compare-and-set of {@link #version} is atomic. Covered batch lists are pruned once the buffer
 * no longer holds those batches, so the record stays small.
 */
public record LakeManifest(String runId, long version, List<LakeFile> files) {

    /** A committed file: its name within the run's lake directory and the buffer batches it covers. */
    public record LakeFile(String name, long points, Set<String> batches) {
        public LakeFile {
            batches = Set.copyOf(batches);
        }
    }

    public LakeManifest {
        files = List.copyOf(files);
    }

    public static LakeManifest empty(String runId) {
        return new LakeManifest(runId, 0, List.of());
    }

    /** Batches whose points are already in a committed file. */
    public Set<String> coveredBatches() {
        Set<String> covered = new HashSet<>();
        files.forEach(f -> covered.addAll(f.batches()));
        return covered;
    }

    public boolean lists(String fileName) {
        return files.stream().anyMatch(f -> f.name().equals(fileName));
    }

    public long points() {
        return files.stream().mapToLong(LakeFile::points).sum();
    }

    /** The next version: {@code added} appended, {@code replaced} dropped, covered lists cut to {@code buffered}. */
    public LakeManifest next(List<LakeFile> added, Collection<String> replaced, Set<String> buffered) {
        List<LakeFile> kept = new ArrayList<>();
        for (LakeFile f : files) {
            if (!replaced.contains(f.name())) {
                kept.add(new LakeFile(f.name(), f.points(), intersect(f.batches(), buffered)));
            }
        }
        for (LakeFile f : added) {
            if (kept.stream().noneMatch(k -> k.name().equals(f.name()))) {
                kept.add(f);
            }
        }
        return new LakeManifest(runId, version + 1, kept);
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}

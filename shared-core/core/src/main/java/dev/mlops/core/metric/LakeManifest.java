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
 *
 * <p>Files a compaction replaced are kept as {@code retired} for a grace period, so a reader that started from the
 * previous version can still finish; a later flush deletes them.
 */
public record LakeManifest(String runId, long version, List<LakeFile> files, List<Retired> retired) {

    /** A committed file: its path relative to the lake root and the buffer batches it covers. */
    public record LakeFile(String name, long points, Set<String> batches) {
        public LakeFile {
            batches = Set.copyOf(batches);
        }
    }

    /** A replaced file, and when it stopped being part of the lake (epoch millis). */
    public record Retired(String name, long retiredAt) {
    }

    public LakeManifest {
        files = List.copyOf(files);
        retired = retired == null ? List.of() : List.copyOf(retired);
    }

    public static LakeManifest empty(String runId) {
        return new LakeManifest(runId, 0, List.of(), List.of());
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

    public boolean retires(String fileName) {
        return retired.stream().anyMatch(r -> r.name().equals(fileName));
    }

    public long points() {
        return files.stream().mapToLong(LakeFile::points).sum();
    }

    /** The next version with {@code added} files; covered lists are cut to the batches still {@code buffered}. */
    public LakeManifest next(List<LakeFile> added, Set<String> buffered) {
        return next(added, Set.of(), buffered, 0, Set.of());
    }

    /**
     * The next version: {@code added} appended; {@code replaced} files retired at {@code now}; retired entries named
     * in {@code forgotten} (deleted by now) dropped; covered lists cut to the batches still {@code buffered}.
     */
    public LakeManifest next(List<LakeFile> added, Collection<String> replaced, Set<String> buffered, long now,
                             Collection<String> forgotten) {
        List<LakeFile> kept = new ArrayList<>();
        List<Retired> nowRetired = new ArrayList<>();
        for (Retired r : retired) {
            if (!forgotten.contains(r.name())) {
                nowRetired.add(r);
            }
        }
        for (LakeFile f : files) {
            if (replaced.contains(f.name())) {
                nowRetired.add(new Retired(f.name(), now));
            } else {
                kept.add(new LakeFile(f.name(), f.points(), intersect(f.batches(), buffered)));
            }
        }
        for (LakeFile f : added) {
            if (kept.stream().noneMatch(k -> k.name().equals(f.name()))) {
                kept.add(new LakeFile(f.name(), f.points(), intersect(f.batches(), buffered)));
            }
        }
        return new LakeManifest(runId, version + 1, kept, nowRetired);
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}

package dev.mlops.core.recovery;

import dev.mlops.core.domain.ContentId;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot: what it is (id, tag, description, kind, time, backend), what it holds (counts and one summary per
 * part) and one root digest over the parts. The manifest is written last, so a snapshot exists exactly when its
 * manifest does; everything it names was stored before.
 */
public record SnapshotManifest(int format, String id, String tag, String description, SnapshotKind kind,
                               long createdAt, String backend, Map<String, Long> counts, List<PartSummary> parts,
                               String rootDigest, long captureMillis, long totalMillis) {

    public static final int FORMAT = 1;

    /** Newest first; ids embed the time, so ties (same millisecond) still order stably. */
    public static final Comparator<SnapshotManifest> NEWEST_FIRST =
            Comparator.comparingLong(SnapshotManifest::createdAt).thenComparing(SnapshotManifest::id).reversed();

    public SnapshotManifest {
        counts = counts == null ? Map.of() : new TreeMap<>(counts);
        parts = parts == null ? List.of() : parts.stream().sorted(Comparator.comparing(PartSummary::name)).toList();
    }

    /** SHA-256 over {@code name \t provider \t sha256 \n} of every part, in name order. */
    public static String rootDigest(List<PartSummary> parts) {
        var sha = ContentId.sha256();
        parts.stream().sorted(Comparator.comparing(PartSummary::name)).forEach(p -> sha.update(
                (p.name() + "\t" + p.provider() + "\t" + p.sha256() + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest());
    }

    public Optional<PartSummary> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public long entries() {
        return parts.stream().mapToLong(PartSummary::entries).sum();
    }

    /** Bytes this snapshot's documents take, plus the bytes of the objects it references. */
    public long referencedBytes() {
        return parts.stream().mapToLong(p -> p.documentBytes() + p.objectBytes()).sum();
    }
}

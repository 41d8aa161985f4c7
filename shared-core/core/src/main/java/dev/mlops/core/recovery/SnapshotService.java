package dev.mlops.core.recovery;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.time.InstantSource;

/**
 * Creates, lists, verifies, deletes and prunes snapshots. A snapshot is captured under the write fence (every part
 * records what is there), the fence is lowered, and only then are objects hashed and copied and the part documents
 * written; the manifest goes last, so a crash leaves no half snapshot, only unreferenced content that the next
 * garbage collection frees.
 */
public final class SnapshotService {

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int MAX_DESCRIPTION = 1000;
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final RecoveryBackend backend;
    private final EventPublisher events;
    private final InstantSource clock;
    private final RetentionPolicy retention;

    public SnapshotService(RecoveryBackend backend, EventPublisher events, InstantSource clock,
                           RetentionPolicy retention) {
        this.backend = backend;
        this.events = events;
        this.clock = clock;
        this.retention = retention;
    }

    public RetentionPolicy retention() {
        return retention;
    }

    /** Takes a snapshot of the whole state; {@code tag} (unique) and {@code description} are optional. */
    public SnapshotManifest create(String tag, String description, SnapshotKind kind) {
        validate(tag, description);
        if (backend.fence().journal().isPresent()) {
            throw new InvalidParameterException("A restore of snapshot " + backend.fence().journal().get()
                    .snapshotId() + " has not finished; run it again before taking snapshots.");
        }
        long started = clock.millis();
        List<PartProvider.Capture> captures;
        try (WriteFence.Hold hold = backend.fence().raise(WriteFence.Reason.SNAPSHOT, null)) {
            captures = captureAll();
        }
        return finish(captures, tag, description, kind, started, clock.millis() - started);
    }

    /** As {@link #create}, for a caller that already holds the fence (a restore's safety snapshot). */
    SnapshotManifest createHeld(String description, SnapshotKind kind) {
        long started = clock.millis();
        List<PartProvider.Capture> captures = captureAll();
        return finish(captures, null, description, kind, started, clock.millis() - started);
    }

    public List<SnapshotManifest> list() {
        return backend.snapshots().manifests();
    }

    /** By id, or by tag. */
    public SnapshotManifest show(String idOrTag) {
        if (idOrTag == null || idOrTag.isBlank()) {
            throw new InvalidParameterException("Missing value for required parameter 'snapshot_id'.");
        }
        return backend.snapshots().manifest(idOrTag)
                .or(() -> list().stream().filter(s -> idOrTag.equals(s.tag())).findFirst())
                .orElseThrow(() -> new ResourceNotFoundException("Snapshot '" + idOrTag + "' does not exist."));
    }

    /** Every entry of one part, read back and checked against the digest the manifest records. */
    public List<PartEntry> entries(SnapshotManifest snapshot, String part) {
        PartSummary summary = snapshot.part(part).orElseThrow(() -> new ResourceNotFoundException(
                "Snapshot " + snapshot.id() + " has no part '" + part + "'."));
        byte[] document = backend.snapshots().readDocument(summary.sha256());
        String actual = Digests.sha256Hex(document);
        if (!actual.equals(summary.sha256())) {
            throw new StorageFailureException("Part '" + part + "' of snapshot " + snapshot.id()
                    + " is damaged: its document digests to " + actual + ", the manifest says " + summary.sha256(), null);
        }
        return PartDocument.decode(document);
    }

    /** Recomputes every checksum: the root digest, each part document, each object the parts reference. */
    public SnapshotCheck verify(String idOrTag) {
        long started = clock.millis();
        SnapshotManifest snapshot = show(idOrTag);
        List<String> problems = new ArrayList<>(checkStructure(snapshot));
        long objects = 0;
        for (PartSummary summary : snapshot.parts()) {
            List<PartEntry> entries;
            try {
                entries = entries(snapshot, summary.name());
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
                continue;
            }
            if (entries.size() != summary.entries()) {
                problems.add("part '" + summary.name() + "' has " + entries.size() + " entries, the manifest says "
                        + summary.entries());
            }
            PartProvider provider = provider(summary.name());
            if (provider == null) {
                problems.add("part '" + summary.name() + "' is unknown to the " + backend.name() + " backend");
                continue;
            }
            objects += entries.stream().filter(e -> e.body() == null).count();
            provider.verifyObjects(entries, backend.snapshots())
                    .forEach(p -> problems.add(summary.name() + ": " + p));
        }
        return new SnapshotCheck(snapshot.id(), problems.isEmpty(), problems, objects, clock.millis() - started);
    }

    /** The outcome of {@link #verify}. */
    public record SnapshotCheck(String snapshotId, boolean ok, List<String> problems, long objectsChecked,
                                long millis) {
        public SnapshotCheck {
            problems = List.copyOf(problems);
        }
    }

    /** Root digest and document digests only: enough to trust a snapshot's listing before using one object. */
    public List<String> checkStructure(SnapshotManifest snapshot) {
        List<String> problems = new ArrayList<>();
        String root = SnapshotManifest.rootDigest(snapshot.parts());
        if (!root.equals(snapshot.rootDigest())) {
            problems.add("the root digest is " + root + ", the manifest says " + snapshot.rootDigest());
        }
        return problems;
    }

    public void delete(String idOrTag) {
        SnapshotManifest snapshot = show(idOrTag);
        if (protectedIds().contains(snapshot.id())) {
            throw new InvalidParameterException("Snapshot " + snapshot.id() + " belongs to a restore that has not "
                    + "finished; run that restore again first.");
        }
        backend.snapshots().deleteManifest(snapshot.id());
        collectGarbage();
    }

    /** Applies the retention policy and frees what no retained snapshot references. */
    public PruneReport prune() {
        long started = clock.millis();
        List<SnapshotManifest> all = list();
        Set<String> expired = retention.expired(all, Instant.ofEpochMilli(clock.millis()), protectedIds());
        expired.forEach(id -> backend.snapshots().deleteManifest(id));
        long freed = collectGarbage();
        return new PruneReport(List.copyOf(expired), all.size() - expired.size(), freed, clock.millis() - started);
    }

    public record PruneReport(List<String> deleted, int retained, long bytesFreed, long millis) {
    }

    // ---- internals

    private List<PartProvider.Capture> captureAll() {
        List<PartProvider.Capture> captures = new ArrayList<>();
        try {
            for (PartProvider part : backend.parts()) {
                captures.add(part.capture());
            }
            return captures;
        } catch (RuntimeException e) {
            captures.forEach(PartProvider.Capture::abandon);
            throw e;
        }
    }

    private SnapshotManifest finish(List<PartProvider.Capture> captures, String tag, String description,
                                    SnapshotKind kind, long started, long captureMillis) {
        List<PartSummary> parts = new ArrayList<>();
        Map<String, Long> counts = new HashMap<>();
        try {
            for (int i = 0; i < captures.size(); i++) {
                PartProvider provider = backend.parts().get(i);
                List<PartEntry> entries = captures.get(i).finish(backend.snapshots());
                byte[] document = PartDocument.encode(entries);
                String sha = backend.snapshots().putDocument(document);
                Map<String, Long> partCounts = provider.counts(entries, backend.snapshots());
                partCounts.forEach((k, v) -> counts.merge(k, v, Long::sum));
                long objectBytes = entries.stream().filter(e -> e.body() == null).mapToLong(PartEntry::size).sum();
                parts.add(new PartSummary(provider.name(), provider.provider(), sha, document.length, entries.size(),
                        objectBytes, partCounts));
            }
        } catch (RuntimeException e) {
            captures.forEach(PartProvider.Capture::abandon);
            throw e;
        }
        String id = "snap-" + ID_TIME.format(Instant.ofEpochMilli(started)) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        SnapshotManifest manifest = new SnapshotManifest(SnapshotManifest.FORMAT, id, blankToNull(tag),
                blankToNull(description), kind, started, backend.name(), counts, parts,
                SnapshotManifest.rootDigest(parts), captureMillis, clock.millis() - started);
        backend.snapshots().putManifest(manifest);
        events.publish(new DomainEvent.SnapshotCreated(id, manifest.tag(), kind.name(), manifest.rootDigest(),
                parts.size(), manifest.entries(), clock.millis()));
        events.flush();
        return manifest;
    }

    private long collectGarbage() {
        List<SnapshotManifest> retained = list();
        Set<String> keep = new HashSet<>();
        Map<String, List<List<PartEntry>>> byPart = new HashMap<>();
        for (SnapshotManifest snapshot : retained) {
            for (PartSummary summary : snapshot.parts()) {
                keep.add(summary.sha256());
                List<PartEntry> entries = entries(snapshot, summary.name());
                entries.stream().filter(e -> e.body() == null).forEach(e -> keep.add(e.sha256()));
                byPart.computeIfAbsent(summary.name(), k -> new ArrayList<>()).add(entries);
            }
        }
        long freed = backend.snapshots().collectGarbage(keep);
        for (PartProvider part : backend.parts()) {
            if (part instanceof PartProvider.CollectsGarbage gc) {
                freed += gc.collect(byPart.getOrDefault(part.name(), List.of()), clock.millis());
            }
        }
        return freed;
    }

    private Set<String> protectedIds() {
        Set<String> ids = new HashSet<>();
        backend.fence().journal().ifPresent(j -> {
            ids.add(j.snapshotId());
            if (j.safetySnapshotId() != null) {
                ids.add(j.safetySnapshotId());
            }
        });
        return ids;
    }

    private PartProvider provider(String name) {
        return backend.parts().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private void validate(String tag, String description) {
        if (tag != null && !tag.isEmpty()) {
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidParameterException("Invalid snapshot tag '" + tag + "': use 1 to 128 letters, "
                        + "digits, '.', '_' or '-', starting with a letter or digit.");
            }
            if (list().stream().anyMatch(s -> tag.equals(s.tag()))) {
                throw new ResourceAlreadyExistsException("A snapshot tagged '" + tag + "' already exists.");
            }
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new InvalidParameterException("A snapshot description holds at most " + MAX_DESCRIPTION
                    + " characters.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

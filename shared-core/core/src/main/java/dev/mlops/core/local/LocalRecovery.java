package dev.mlops.core.local;

import dev.mlops.core.recovery.Finding;
import dev.mlops.core.recovery.Locator;
import dev.mlops.core.recovery.PartProvider;
import dev.mlops.core.recovery.RawState;
import dev.mlops.core.recovery.RecoveryBackend;
import dev.mlops.core.recovery.SnapshotStore;
import dev.mlops.core.recovery.StateView;
import dev.mlops.core.recovery.WriteFence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recovery on the local backend. The state is four directories of the data dir, each one {@link FileTreePart},
 * listed in restore order: lake files and artifacts before the buffer and the records that refer to them. Another
 * kind of local state is one more entry in {@link #parts()}.
 */
public final class LocalRecovery implements RecoveryBackend {

    /** How long writers wait out a snapshot capture, and how long a fence waits for running writes. */
    public record Settings(Duration snapshotWait, Duration drain) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private final LocalBackend backend;
    private final LocalSnapshotStore snapshots;
    private final LocalWriteFence fence;
    private final List<PartProvider> parts;
    private final LocalStateView view;
    private final LocalRawState raw;
    private final LocalLocator locator = new LocalLocator();

    LocalRecovery(LocalBackend backend, Path dataDir, Settings settings) {
        this.backend = backend;
        this.snapshots = new LocalSnapshotStore(dataDir);
        this.fence = new LocalWriteFence(dataDir, settings.snapshotWait(), settings.drain());
        this.parts = List.of(
                new FileTreePart("lake", dataDir, "lake/", snapshots, rel -> false,
                        (entries, store) -> LocalCounts.files(entries, "lake")),
                new FileTreePart("artifacts", dataDir, "artifacts/", snapshots, rel -> false,
                        (entries, store) -> LocalCounts.files(entries, "artifact")),
                // buffer logs grow in place by appends: copied at capture, never linked
                new FileTreePart("metric-buffer", dataDir, "metrics/", snapshots, rel -> rel.endsWith(".log"),
                        LocalCounts::buffer),
                new FileTreePart("metadata", dataDir, "meta/", snapshots, rel -> false, LocalCounts::metadata));
        Map<String, String> subdirs = new LinkedHashMap<>();
        parts.forEach(p -> subdirs.put(p.name(), ((FileTreePart) p).subdir()));
        this.view = new LocalStateView(dataDir);
        this.raw = new LocalRawState(dataDir, subdirs);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public WriteFence fence() {
        return fence;
    }

    @Override
    public SnapshotStore snapshots() {
        return snapshots;
    }

    @Override
    public List<PartProvider> parts() {
        return parts;
    }

    @Override
    public StateView view() {
        return view;
    }

    @Override
    public RawState raw() {
        return raw;
    }

    @Override
    public Locator locator() {
        return locator;
    }

    @Override
    public void reload() {
        backend.reload();
    }

    /** Nothing but our own prune deletes from the local snapshot store. */
    @Override
    public List<Finding> retentionRisks(long retentionHorizonMillis) {
        return List.of();
    }
}

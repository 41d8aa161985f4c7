package dev.mlops.core.recovery;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.service.ArtifactDigest;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The seed's repair strategies, in order, for each kind of finding: (1) {@code previous-version}: the object's
 * previous S3 version, or locally the copy the newest snapshot holds; (2) {@code snapshot}: the latest snapshot
 * whose structure verifies and that contains it; (3) {@code rollback} for a Production model that cannot be
 * repaired, {@code re-run-flush} for a flush that stopped or a stuck buffer, {@code quarantine} for a redundant stray
 * lake file, {@code resume-restore} for an interrupted restore. A strategy returns what it did, or throws
 * {@link NotApplicable} when it has nothing to offer for this finding.
 */
final class RepairStrategies {

    /**
     * {@code rewritesState}: it changes stored state behind the stores' backs, so it runs fenced; {@code reloads}:
     * what it changes is records or buffers the local stores index in memory, so they reload after it (lake files and
     * artifacts are read from storage every time).
     */
    record Strategy(String name, boolean rewritesState, boolean reloads, Action action) {
    }

    interface Action {
        String run();
    }

    static final class NotApplicable extends RuntimeException {
        NotApplicable(String why) {
            super(why, null, false, false);
        }
    }

    private final RecoveryBackend backend;
    private final SnapshotService snapshots;
    private final RestoreService restore;
    private final LakeInspection lake;
    private final VersionArtifacts artifacts;
    private final ModelRollback rollback;
    private final InstantSource clock;
    private final StateVerifier.Settings settings;

    RepairStrategies(RecoveryBackend backend, SnapshotService snapshots, RestoreService restore, LakeInspection lake,
                     VersionArtifacts artifacts, ModelRollback rollback, InstantSource clock,
                     StateVerifier.Settings settings) {
        this.backend = backend;
        this.snapshots = snapshots;
        this.restore = restore;
        this.lake = lake;
        this.artifacts = artifacts;
        this.rollback = rollback;
        this.clock = clock;
        this.settings = settings;
    }

    List<Strategy> plan(Finding finding) {
        return switch (finding) {
            case Finding.RestoreInterrupted f -> List.of(new Strategy("resume-restore", false, false,
                    () -> "finished the restore of " + restore.restore(f.journal().snapshotId()).snapshotId()));
            case Finding.LakeFileMissing f -> lakeFile(f.name(), f.runId());
            case Finding.LakeFileCorrupt f -> lakeFile(f.name(), f.runId());
            case Finding.RecordUnreadable f -> List.of(new Strategy("snapshot", true, true,
                    () -> fromSnapshot(f.part(), e -> e.path().equals(f.path()), f.path())));
            case Finding.RecordMissing f -> List.of(new Strategy("snapshot", true, true,
                    () -> fromSnapshot(backend.locator().recordPart(f.ref()), backend.locator().recordEntries(f.ref()),
                            f.ref().toString())));
            case Finding.StrayLakeFile f -> f.redundant() ? List.of(new Strategy("quarantine", true, false,
                    () -> quarantine(backend.locator().lakeFile(f.name())))) : List.of();
            case Finding.InterruptedFlush f -> List.of(reRunFlush(f.experimentId(), f.runId()));
            case Finding.StuckBuffer f -> List.of(reRunFlush(f.experimentId(), f.runId()));
            case Finding.ModelArtifactMissing f -> modelArtifact(f.model(), f.version(), f.stage());
            case Finding.ModelArtifactCorrupt f -> modelArtifact(f.model(), f.version(), f.stage());
            case Finding.ModelDegraded f -> List.of(rollBack(f.model(), f.message()));
            case Finding.DanglingReference f -> List.of();
            case Finding.RetentionAtRisk f -> List.of();
        };
    }

    // ---- lake files

    private List<Strategy> lakeFile(String name, String runId) {
        Locator.Place place = backend.locator().lakeFile(name);
        Predicate<PartEntry> entry = e -> e.path().equals(place.path());
        return List.of(
                new Strategy("previous-version", true, false, () -> previousVersion(place,
                        candidate -> lake.check(name, runId, -1) instanceof LakeInspection.FileCheck.Ok)),
                new Strategy("snapshot", true, false, () -> fromSnapshot(place.part(), entry, name)));
    }

    /**
     * S3: earlier versions of the object, newest first, each made current until the check passes. Locally: the
     * copy the newest snapshot holds (its own digest is checked while it is copied back).
     */
    private String previousVersion(Locator.Place place, Predicate<Void> check) {
        PartProvider part = backend.part(place.part());
        if (part instanceof PartProvider.KeepsVersions versions) {
            for (PartEntry version : versions.versions(place.path())) {
                versions.makeCurrent(version);
                if (check.test(null)) {
                    return "made version " + version.version() + " of " + place.path() + " current again";
                }
            }
            throw new NotApplicable("no earlier version of " + place.path() + " checks");
        }
        for (SnapshotManifest snapshot : snapshots.list()) {
            Optional<PartEntry> copy = entriesOf(snapshot, place.part()).stream()
                    .filter(e -> e.path().equals(place.path())).findFirst();
            if (copy.isPresent()) {
                restoreEntries(part, List.of(copy.get()));
                return "copied back the copy of " + place.path() + " that snapshot " + snapshot.id() + " holds";
            }
        }
        throw new NotApplicable("no snapshot holds a copy of " + place.path());
    }

    /** The latest snapshot whose structure verifies and that holds matching entries: they are written back. */
    private String fromSnapshot(String partName, Predicate<PartEntry> select, String what) {
        PartProvider part = backend.part(partName);
        for (SnapshotManifest snapshot : snapshots.list()) {
            if (!snapshots.checkStructure(snapshot).isEmpty() || snapshot.part(partName).isEmpty()) {
                continue;
            }
            List<PartEntry> entries;
            try {
                entries = snapshots.entries(snapshot, partName);
            } catch (RuntimeException damaged) {
                continue;
            }
            List<PartEntry> selected = entries.stream().filter(select).toList();
            if (!selected.isEmpty()) {
                restoreEntries(part, selected);
                return "restored " + what + " (" + selected.size() + " entries) from snapshot " + snapshot.id();
            }
        }
        throw new NotApplicable("no verifying snapshot holds " + what);
    }

    // ---- model artifacts

    private List<Strategy> modelArtifact(String model, int number, String stage) {
        List<Strategy> plan = new ArrayList<>();
        plan.add(new Strategy("previous-version", true, false,
                () -> artifactPreviousVersion(version(model, number))));
        plan.add(new Strategy("snapshot", true, false, () -> artifactFromSnapshot(version(model, number), true)));
        if (ModelStage.PRODUCTION.wire().equals(stage)) {
            plan.add(rollBack(model, "the artifact of version " + number + " cannot be repaired"));
        }
        return plan;
    }

    private String artifactPreviousVersion(ModelVersion version) {
        VersionArtifacts.Location location = locate(version);
        PartProvider part = backend.part(location.part());
        if (!(part instanceof PartProvider.KeepsVersions versions)) {
            return artifactFromSnapshot(version, false);
        }
        Map<String, String> expected = expectedFiles(version, location);
        if (expected.isEmpty()) {
            throw new NotApplicable("which files the artifact had is known neither from its checksum nor from a "
                    + "snapshot");
        }
        int restored = 0;
        for (Map.Entry<String, String> file : expected.entrySet()) {
            if (file.getValue().equals(currentSha(location.part(), file.getKey()))) {
                continue;
            }
            PartEntry match = versions.versions(file.getKey()).stream()
                    .filter(v -> v.sha256().equals(file.getValue())).findFirst()
                    .orElseThrow(() -> new NotApplicable("no earlier version of " + file.getKey() + " has the "
                            + "expected bytes"));
            versions.makeCurrent(match);
            restored++;
        }
        return "made earlier versions of " + restored + " file(s) under " + location.path() + " current again";
    }

    /** The files a version's artifact had: from its checksum for a single file, else from the newest snapshot. */
    private Map<String, String> expectedFiles(ModelVersion version, VersionArtifacts.Location location) {
        String sha = VersionArtifacts.expected(version).orElseThrow();
        for (SnapshotManifest snapshot : snapshots.list()) {
            Optional<List<PartEntry>> files = matchingFiles(entriesOf(snapshot, location.part()), location, sha);
            if (files.isPresent()) {
                Map<String, String> expected = new HashMap<>();
                files.get().forEach(e -> expected.put(e.path(), e.sha256()));
                return expected;
            }
        }
        return "file".equals(version.tags().get("mlops.artifact_type")) ? Map.of(location.path(), sha) : Map.of();
    }

    /** Restores the files of the newest (with {@code verified}: structurally verifying) matching snapshot. */
    private String artifactFromSnapshot(ModelVersion version, boolean verified) {
        VersionArtifacts.Location location = locate(version);
        String sha = VersionArtifacts.expected(version).orElseThrow();
        PartProvider part = backend.part(location.part());
        for (SnapshotManifest snapshot : snapshots.list()) {
            if (verified && !snapshots.checkStructure(snapshot).isEmpty()) {
                continue;
            }
            Optional<List<PartEntry>> files = matchingFiles(entriesOf(snapshot, location.part()), location, sha);
            if (files.isPresent()) {
                restoreEntries(part, files.get());
                int extra = removeExtras(part, location, files.get());
                return "restored " + files.get().size() + " file(s) of " + version.name() + " version "
                        + version.version() + " from snapshot " + snapshot.id()
                        + (extra > 0 ? ", moved " + extra + " unexpected file(s) aside" : "");
            }
        }
        throw new NotApplicable("no snapshot holds files that digest to " + sha);
    }

    /** Entries under the location that together digest to the version's checksum, by the registration rule. */
    private static Optional<List<PartEntry>> matchingFiles(List<PartEntry> entries, VersionArtifacts.Location at,
                                                           String sha) {
        Optional<PartEntry> single = entries.stream().filter(e -> e.path().equals(at.path())).findFirst();
        if (single.isPresent()) {
            return single.get().sha256().equals(sha) ? Optional.of(List.of(single.get())) : Optional.empty();
        }
        String prefix = at.path() + "/";
        List<PartEntry> files = entries.stream().filter(e -> e.path().startsWith(prefix)).toList();
        SortedMap<String, String> hashes = new TreeMap<>();
        files.forEach(e -> hashes.put(e.path().substring(prefix.length()), e.sha256()));
        return !files.isEmpty() && ArtifactDigest.directoryDigest(hashes).equals(sha) ? Optional.of(files)
                : Optional.empty();
    }

    private int removeExtras(PartProvider part, VersionArtifacts.Location location, List<PartEntry> wanted) {
        if (!(part instanceof PartProvider.Quarantines quarantines)) {
            return 0;
        }
        int moved = 0;
        for (String file : artifacts.files(location)) {
            if (wanted.stream().noneMatch(e -> e.path().equals(file))) {
                quarantines.quarantine(file);
                moved++;
            }
        }
        return moved;
    }

    // ---- pipeline, strays, models

    private Strategy reRunFlush(String experimentId, String runId) {
        return new Strategy("re-run-flush", true, false, () -> {
            int cleared = experimentId == null ? 0 : lake.removeTempFiles(experimentId, runId,
                    clock.millis() - settings.inProgressGrace().toMillis());
            Optional<String> failure = lake.flush(runId, experimentId);
            if (failure.isPresent()) {
                throw new IllegalStateException("the flush of run " + runId + " failed again: " + failure.get());
            }
            return "cleared " + cleared + " leftover temp file(s) and flushed run " + runId + " from where it stopped";
        });
    }

    private String quarantine(Locator.Place place) {
        PartProvider part = backend.part(place.part());
        if (!(part instanceof PartProvider.Quarantines quarantines)) {
            throw new NotApplicable("part " + place.part() + " cannot move objects aside");
        }
        return "moved " + place.path() + " aside to " + quarantines.quarantine(place.path());
    }

    private Strategy rollBack(String model, String why) {
        return new Strategy("rollback", false, false, () -> {
            ModelRollback.Result result = rollback.rollBack(model, null, "recovery: " + why);
            return "rolled Production of " + model + " back from version " + result.fromVersion() + " to "
                    + result.toVersion() + (result.aliasesMoved().isEmpty() ? "" : " (and " + result.aliasesMoved()
                    + ")");
        });
    }

    // ---- helpers

    private ModelVersion version(String model, int number) {
        return backend.view().versions().stream().filter(v -> v.name().equals(model) && v.version() == number)
                .findFirst().orElseThrow(() -> new NotApplicable("version " + number + " of " + model + " is gone"));
    }

    private VersionArtifacts.Location locate(ModelVersion version) {
        return artifacts.locate(version).orElseThrow(() -> new NotApplicable("the artifact's location is unknown"));
    }

    private List<PartEntry> entriesOf(SnapshotManifest snapshot, String part) {
        if (snapshot.part(part).isEmpty()) {
            return List.of();
        }
        try {
            return snapshots.entries(snapshot, part);
        } catch (RuntimeException damaged) {
            return List.of();
        }
    }

    private String currentSha(String part, String path) {
        Optional<InputStream> in = backend.raw().open(part, path);
        if (in.isEmpty()) {
            return null;
        }
        try (InputStream stream = in.get()) {
            return Digests.sha256(stream).sha256();
        } catch (IOException e) {
            return null;
        }
    }

    private void restoreEntries(PartProvider part, List<PartEntry> entries) {
        if (!(part instanceof PartProvider.RestoresEntries restorer)) {
            throw new NotApplicable("part " + part.name() + " cannot restore single entries");
        }
        restorer.restoreEntries(entries, backend.snapshots());
    }
}

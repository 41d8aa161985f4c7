package dev.mlops.core.recovery;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.Run;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.service.ArtifactDigest;
import dev.mlops.core.service.Parallel;
import dev.mlops.core.service.VersionSeeds;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ./mlops verify}: finds damage without being told about it. It reads the state fresh ({@link StateView}),
 * checks every listed lake file whole, every model version's artifact against its registered SHA-256, the cross
 * references, the pipeline (interrupted flushes, stuck buffers), degraded Production models, an unfinished restore,
 * records the latest snapshot holds that are gone, and what could delete retained snapshots' bytes.
 */
public final class StateVerifier {

    /** {@code inProgressGrace}: an unlisted lake file younger than this may be a flush at work. */
    public record Settings(Duration inProgressGrace, Duration stuckBufferAfter) {
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(2), Duration.ofMinutes(30));
    }

    /** Version tags the performance monitor writes: {@code OK}, {@code WARNING} or {@code CRITICAL}, and why. */
    public static final String PERFORMANCE_TAG = "mlops.performance";
    public static final String PERFORMANCE_DETAIL_TAG = "mlops.performance.detail";

    private final RecoveryBackend backend;
    private final LakeInspection lake;
    private final VersionArtifacts artifacts;
    private final SnapshotService snapshots;
    private final EventPublisher events;
    private final InstantSource clock;
    private final Settings settings;

    public StateVerifier(RecoveryBackend backend, LakeInspection lake, VersionArtifacts artifacts,
                         SnapshotService snapshots, EventPublisher events, InstantSource clock, Settings settings) {
        this.backend = backend;
        this.lake = lake;
        this.artifacts = artifacts;
        this.snapshots = snapshots;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Verifies everything; with {@code announce}, each finding is published as IncidentDetected. */
    public VerifyReport verify(boolean announce) {
        long started = clock.millis();
        Map<String, Long> checked = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        backend.fence().journal().ifPresent(j -> findings.add(new Finding.RestoreInterrupted(j)));
        StateView view = backend.view();
        List<Experiment> experiments = view.experiments();
        List<Run> runs = view.runs();
        List<RegisteredModel> models = view.models();
        List<ModelVersion> versions = view.versions();
        List<StateView.BufferState> buffers = view.buffers();
        view.unreadable().forEach(u -> findings.add(new Finding.RecordUnreadable(u.part(), u.path(), u.reason())));
        checked.put("experiments", (long) experiments.size());
        checked.put("runs", (long) runs.size());
        checked.put("model_versions", (long) versions.size());

        Set<String> experimentIds = experiments.stream().map(Experiment::experimentId).collect(Collectors.toSet());
        Map<String, Run> runsById = new HashMap<>();
        runs.forEach(r -> runsById.put(r.runId(), r));
        Map<RecordRef, String> missing = new LinkedHashMap<>();
        for (Run run : runs) {
            if (!experimentIds.contains(run.info().experimentId())) {
                missing.putIfAbsent(RecordRef.experiment(run.info().experimentId()),
                        "run " + run.runId() + " belongs to it");
            }
        }
        view.loggedModels().forEach(m -> {
            if (!experimentIds.contains(m.experimentId())) {
                missing.putIfAbsent(RecordRef.experiment(m.experimentId()), "logged model " + m.modelId()
                        + " belongs to it");
            }
        });
        checkLake(buffers, runsById, missing, findings, checked);
        checkBuffers(buffers, runsById, missing, findings);
        checkRegistry(models, versions, runsById, missing, findings, checked);
        sinceLatestSnapshot(experimentIds, runsById.keySet(), missing);
        missing.forEach((ref, evidence) -> findings.add(new Finding.RecordMissing(ref, evidence)));
        findings.addAll(backend.retentionRisks(snapshots.retention().horizon().toMillis()));

        VerifyReport report = new VerifyReport(findings, checked, clock.millis() - started);
        if (announce) {
            report.findings().forEach(f -> events.publish(new DomainEvent.IncidentDetected(f.kind(), f.target(),
                    f.severity().name(), f.message(), clock.millis())));
            events.flush();
        }
        return report;
    }

    /**
     * Re-runs, for a finding about one object, only the check that produced it: a lake file is read and digested
     * again, a version's artifact digested again. Recovery uses it right after a repair so that repairing one object
     * costs that object, not a pass over the whole state (the report's remaining findings still come from one full
     * verify at the end). Empty for findings that only a full verify can judge (records, cross references, strays).
     */
    public Optional<Boolean> recheck(Finding finding) {
        return switch (finding) {
            case Finding.LakeFileMissing f -> Optional.of(lakeFileDamaged(f.name(), f.runId()));
            case Finding.LakeFileCorrupt f -> Optional.of(lakeFileDamaged(f.name(), f.runId()));
            case Finding.ModelArtifactMissing f -> artifactDamaged(finding, f.model(), f.version());
            case Finding.ModelArtifactCorrupt f -> artifactDamaged(finding, f.model(), f.version());
            default -> Optional.empty();
        };
    }

    private boolean lakeFileDamaged(String name, String runId) {
        // the name is the file's content digest, so a file that checks is the very file the manifest lists
        return !(lake.check(name, runId, -1) instanceof LakeInspection.FileCheck.Ok);
    }

    private Optional<Boolean> artifactDamaged(Finding finding, String model, int number) {
        Optional<ModelVersion> version = backend.view().versions().stream()
                .filter(v -> v.name().equals(model) && v.version() == number).findFirst();
        if (version.isEmpty() || VersionArtifacts.expected(version.get()).isEmpty()) {
            return Optional.of(false); // the version (or its checksum) is gone: nothing left to find about it
        }
        return Optional.of(checkArtifact(version.get()).filter(f -> f.key().equals(finding.key())).isPresent());
    }

    /** One task per run directory, several at a time: on S3 a lake file check is a few round trips. */
    private void checkLake(List<StateView.BufferState> buffers, Map<String, Run> runs, Map<RecordRef, String> missing,
                           List<Finding> findings, Map<String, Long> checked) {
        long cutoff = clock.millis() - settings.inProgressGrace().toMillis();
        Map<String, StateView.BufferState> byRun = new HashMap<>();
        buffers.forEach(b -> byRun.put(b.runId(), b));
        Map<String, LakeInspection.RunDirectory> directories = new java.util.LinkedHashMap<>();
        for (StateView.BufferState b : buffers) {
            if (!b.manifest().files().isEmpty() && b.experimentId() != null) {
                directories.put(b.runId(), new LakeInspection.RunDirectory(b.experimentId(), b.runId()));
            }
        }
        for (LakeInspection.RunDirectory dir : lake.runDirectories()) {
            directories.putIfAbsent(dir.runId(), dir);
            if (!runs.containsKey(dir.runId())) {
                missing.putIfAbsent(RecordRef.run(dir.runId()), "its lake files exist");
            }
        }
        List<List<Finding>> perRun = Parallel.map(List.copyOf(directories.values()), Parallel.DEFAULT_WIDTH, dir -> {
            StateView.BufferState buffer = byRun.get(dir.runId());
            LakeManifest manifest = buffer == null ? LakeManifest.empty(dir.runId()) : buffer.manifest();
            Set<String> uncovered = buffer == null ? Set.of() : buffer.uncoveredBatches();
            LakeInspection.RunInspection inspection = lake.inspect(dir.experimentId(), dir.runId(), manifest,
                    uncovered);
            List<Finding> found = new ArrayList<>();
            inspection.listed().forEach((name, check) -> {
                switch (check) {
                    case LakeInspection.FileCheck.Ok ok -> { }
                    case LakeInspection.FileCheck.Missing m -> found.add(new Finding.LakeFileMissing(
                            dir.experimentId(), dir.runId(), name));
                    case LakeInspection.FileCheck.Corrupt c -> found.add(new Finding.LakeFileCorrupt(
                            dir.experimentId(), dir.runId(), name, c.reason()));
                }
            });
            for (LakeInspection.Unlisted orphan : inspection.unlisted()) {
                if (orphan.lastModified() >= cutoff) {
                    continue; // a flush may be writing it right now
                }
                found.add(orphan.adoptable()
                        ? new Finding.InterruptedFlush(dir.experimentId(), dir.runId(), orphan.relativeName())
                        : new Finding.StrayLakeFile(dir.experimentId(), dir.runId(), orphan.relativeName(),
                        orphan.redundant(), orphan.problem()));
            }
            return found;
        });
        perRun.forEach(findings::addAll);
        checked.put("lake_files", buffers.stream().mapToLong(b -> b.manifest().files().size()).sum());
    }

    private void checkBuffers(List<StateView.BufferState> buffers, Map<String, Run> runs,
                              Map<RecordRef, String> missing, List<Finding> findings) {
        long now = clock.millis();
        for (StateView.BufferState buffer : buffers) {
            if (!runs.containsKey(buffer.runId())) {
                missing.putIfAbsent(RecordRef.run(buffer.runId()), "its metric buffer exists");
            }
            long waited = buffer.waitingSince() > 0 ? now - buffer.waitingSince() : 0;
            if (buffer.pendingPoints() > 0 && waited > settings.stuckBufferAfter().toMillis()) {
                findings.add(new Finding.StuckBuffer(buffer.experimentId(), buffer.runId(), buffer.pendingPoints(),
                        waited));
            }
        }
    }

    private void checkRegistry(List<RegisteredModel> models, List<ModelVersion> versions, Map<String, Run> runs,
                               Map<RecordRef, String> missing, List<Finding> findings, Map<String, Long> checked) {
        Map<String, Set<Integer>> numbers = new HashMap<>();
        versions.forEach(v -> numbers.computeIfAbsent(v.name(), k -> new HashSet<>()).add(v.version()));
        for (RegisteredModel model : models) {
            model.aliases().forEach((alias, version) -> {
                if (!numbers.getOrDefault(model.name(), Set.of()).contains(version)) {
                    findings.add(new Finding.DanglingReference("model " + model.name() + " alias " + alias,
                            "version " + version));
                }
            });
        }
        for (ModelVersion version : versions) {
            // A run the version named but that never existed (MLflow registers such run ids) is not a lost record.
            boolean runKnownAtRegistration = !VersionSeeds.UNKNOWN.equals(version.tags().get(VersionSeeds.SOURCE_RUN));
            if (version.runId() != null && !version.runId().isEmpty() && runKnownAtRegistration
                    && !runs.containsKey(version.runId())) {
                missing.putIfAbsent(RecordRef.run(version.runId()), "model " + version.name() + " version "
                        + version.version() + " refers to it");
            }
            if (version.stage() == ModelStage.PRODUCTION) {
                degraded(version).ifPresent(findings::add);
            }
        }
        List<ModelVersion> checksummed = versions.stream().filter(v -> VersionArtifacts.expected(v).isPresent())
                .toList();
        List<Optional<Finding>> artifactFindings = Parallel.map(checksummed, Parallel.DEFAULT_WIDTH,
                this::checkArtifact);
        artifactFindings.forEach(f -> f.ifPresent(findings::add));
        checked.put("model_artifacts", (long) checksummed.size());
    }

    /** The version's files, digested by the registration rule, against the SHA-256 it was registered with. */
    private Optional<Finding> checkArtifact(ModelVersion version) {
        String expected = VersionArtifacts.expected(version).orElseThrow();
        Optional<VersionArtifacts.Location> location = artifacts.locate(version);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        Optional<ArtifactDigest.Result> current = artifacts.digest(location.get());
        String where = location.get().part() + ":" + location.get().path();
        if (current.isEmpty()) {
            return Optional.of(new Finding.ModelArtifactMissing(version.name(), version.version(),
                    version.stage().wire(), where));
        }
        if (!current.get().sha256().equals(expected)) {
            return Optional.of(new Finding.ModelArtifactCorrupt(version.name(), version.version(),
                    version.stage().wire(), where, expected, current.get().sha256()));
        }
        return Optional.empty();
    }

    private static Optional<Finding> degraded(ModelVersion version) {
        String severity = version.tags().get(PERFORMANCE_TAG);
        if (!Severity.WARNING.name().equals(severity) && !Severity.CRITICAL.name().equals(severity)) {
            return Optional.empty();
        }
        return Optional.of(new Finding.ModelDegraded(version.name(), version.version(),
                version.tags().getOrDefault(PERFORMANCE_DETAIL_TAG, "its latest evaluation dropped"),
                Severity.valueOf(severity)));
    }

    /**
     * Runs, experiments and logged models are never purged through the API, so one that the newest snapshot holds
     * and the state lacks was lost. Only snapshots taken after the last restore count (a restore removes later
     * records on purpose).
     */
    private void sinceLatestSnapshot(Set<String> experiments, Set<String> runs, Map<RecordRef, String> missing) {
        Optional<SnapshotManifest> reference = referenceSnapshot();
        if (reference.isEmpty()) {
            return;
        }
        String part = backend.locator().recordPart(RecordRef.run("x"));
        if (reference.get().part(part).isEmpty()) {
            return;
        }
        for (PartEntry entry : snapshots.entries(reference.get(), part)) {
            backend.locator().recordOf(part, entry).ifPresent(ref -> {
                boolean gone = switch (ref.kind()) {
                    case RUN -> !runs.contains(ref.id());
                    case EXPERIMENT -> !experiments.contains(ref.id());
                    default -> false;
                };
                if (gone) {
                    missing.putIfAbsent(ref, "snapshot " + reference.get().id() + " holds it");
                }
            });
        }
    }

    private Optional<SnapshotManifest> referenceSnapshot() {
        for (SnapshotManifest s : snapshots.list()) {
            if (s.kind() == SnapshotKind.SAFETY) {
                return Optional.empty();
            }
            if (snapshots.checkStructure(s).isEmpty()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

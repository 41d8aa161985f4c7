package dev.mlops.core.recovery;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.PermissionDeniedException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.service.BatchRequest;
import dev.mlops.core.service.TrackingService;
import dev.mlops.core.service.VersionSeeds;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * {@code ./mlops incident simulate KIND}: damages the state the way faults do, below the services, so verify has to
 * find it on its own. Refused unless {@code mlops.incidents.enabled=true}, which is never the default. Targets are
 * chosen with a seeded random generator unless named ({@code --run}, {@code --model}, {@code --file}).
 */
public final class IncidentSimulator {

    /** The seed's incident kinds. */
    public enum Kind {
        LAKE_NOISE("random noise written into a lake file"),
        LAKE_TRUNCATE("a lake file cut to half its length"),
        LAKE_MISSING("a lake file deleted"),
        LAKE_DUPLICATE("a lake file copied under a second name"),
        RUN_DELETED("a run's record deleted"),
        ARTIFACT_DELETED("a Production model version's artifact deleted"),
        ARTIFACT_CORRUPTED("a Production model version's artifact overwritten with noise"),
        METRIC_DROP("an evaluation of a Production version that logs a 20% lower metric"),
        FLUSH_DIED("a metric flush that dies right after writing its file"),
        STUCK_BUFFER("buffered metric points that no flush takes");

        public final String description;

        Kind(String description) {
            this.description = description;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Kind parse(String text) {
            return Arrays.stream(values()).filter(k -> k.wire().equals(text)).findFirst().orElseThrow(() ->
                    new InvalidParameterException("Unknown incident kind '" + text + "'. Kinds: "
                            + Arrays.stream(values()).map(Kind::wire).toList() + "."));
        }
    }

    public record Target(String run, String model, String file, Long seed) {
        public static final Target ANY = new Target(null, null, null, null);
    }

    public record Simulated(String kind, String target, String description) {
    }

    private final boolean enabled;
    private final RecoveryBackend backend;
    private final LakeInspection lake;
    private final VersionArtifacts artifacts;
    private final TrackingService tracking;
    private final UnaryOperator<String> monitoredMetric;
    private final StateVerifier.Settings verify;
    private final InstantSource clock;

    public IncidentSimulator(boolean enabled, RecoveryBackend backend, LakeInspection lake, VersionArtifacts artifacts,
                             TrackingService tracking, UnaryOperator<String> monitoredMetric,
                             StateVerifier.Settings verify, InstantSource clock) {
        this.enabled = enabled;
        this.backend = backend;
        this.lake = lake;
        this.artifacts = artifacts;
        this.tracking = tracking;
        this.monitoredMetric = monitoredMetric;
        this.verify = verify;
        this.clock = clock;
    }

    public Simulated simulate(String kindText, Target target) {
        if (!enabled) {
            throw new PermissionDeniedException("Incident simulation is disabled. It damages data on purpose: start "
                    + "the server with mlops.incidents.enabled=true (MLOPS_INCIDENTS_ENABLED=true) on a system you "
                    + "mean to damage.");
        }
        Kind kind = Kind.parse(kindText == null ? "" : kindText.trim());
        Target t = target == null ? Target.ANY : target;
        Random random = new Random(t.seed() != null ? t.seed() : clock.millis());
        return switch (kind) {
            case LAKE_NOISE, LAKE_TRUNCATE, LAKE_MISSING, LAKE_DUPLICATE -> lakeFile(kind, t, random);
            case RUN_DELETED -> {
                Run run = pick(backend.view().runs().stream().filter(r -> t.run() == null || r.runId().equals(t.run()))
                        .toList(), random, "no run" + (t.run() == null ? "" : " " + t.run()));
                backend.raw().deleteRecord(RecordRef.run(run.runId()));
                yield new Simulated(kind.wire(), "run " + run.runId(), kind.description);
            }
            case ARTIFACT_DELETED, ARTIFACT_CORRUPTED -> artifact(kind, t, random);
            case METRIC_DROP -> metricDrop(kind, t, random);
            case FLUSH_DIED -> flushDied(kind, t, random);
            case STUCK_BUFFER -> {
                StateView.BufferState buffer = pending(t, random);
                long since = clock.millis() - verify.stuckBufferAfter().toMillis() - 60_000;
                if (!backend.raw().backdateBuffer(buffer.runId(), since)) {
                    throw new StorageFailureException("Could not age the buffer of run " + buffer.runId());
                }
                yield new Simulated(kind.wire(), "run " + buffer.runId(), kind.description + " ("
                        + buffer.pendingPoints() + " points made to look " + verify.stuckBufferAfter().toMinutes()
                        + "+ minutes old)");
            }
        };
    }

    private Simulated lakeFile(Kind kind, Target t, Random random) {
        List<String[]> files = backend.view().buffers().stream()
                .filter(b -> t.run() == null || b.runId().equals(t.run()))
                .flatMap(b -> b.manifest().files().stream().map(f -> new String[] {f.name(), b.runId()}))
                .filter(f -> t.file() == null || f[0].equals(t.file()) || f[0].endsWith("/" + t.file()))
                .toList();
        String[] file = pick(files, random, "no flushed lake file" + (t.run() == null ? "" : " of run " + t.run())
                + "; run ./mlops flush first");
        Locator.Place place = backend.locator().lakeFile(file[0]);
        byte[] bytes = read(place);
        switch (kind) {
            case LAKE_NOISE -> backend.raw().overwrite(place.part(), place.path(), noise(bytes, random));
            case LAKE_TRUNCATE -> backend.raw().overwrite(place.part(), place.path(),
                    Arrays.copyOf(bytes, bytes.length / 2));
            case LAKE_MISSING -> backend.raw().delete(place.part(), place.path());
            default -> {
                byte[] name = new byte[16];
                random.nextBytes(name);
                String copy = place.path().substring(0, place.path().lastIndexOf('/') + 1) + "part-"
                        + HexFormat.of().formatHex(name) + ".parquet";
                backend.raw().overwrite(place.part(), copy, bytes);
                backend.raw().backdate(place.part(), copy, clock.millis() - verify.inProgressGrace().toMillis()
                        - 60_000);
                return new Simulated(kind.wire(), copy, kind.description + " (copy of " + file[0] + ")");
            }
        }
        return new Simulated(kind.wire(), file[0], kind.description + " (run " + file[1] + ")");
    }

    private Simulated artifact(Kind kind, Target t, Random random) {
        ModelVersion version = production(t, random, v -> VersionArtifacts.expected(v).isPresent()
                && artifacts.locate(v).isPresent());
        VersionArtifacts.Location location = artifacts.locate(version).orElseThrow();
        List<String> files = artifacts.files(location);
        if (files.isEmpty()) {
            throw new InvalidParameterException("The artifact of " + version.name() + " version " + version.version()
                    + " is already gone.");
        }
        if (kind == Kind.ARTIFACT_DELETED) {
            files.forEach(f -> backend.raw().delete(location.part(), f));
        } else {
            String victim = files.get(random.nextInt(files.size()));
            Locator.Place place = new Locator.Place(location.part(), victim);
            backend.raw().overwrite(place.part(), place.path(), noise(read(place), random));
        }
        return new Simulated(kind.wire(), version.name() + "/" + version.version(), kind.description + " ("
                + location.part() + ":" + location.path() + ")");
    }

    private Simulated metricDrop(Kind kind, Target t, Random random) {
        ModelVersion version = production(t, random, v -> v.tags().containsKey(
                VersionSeeds.METRIC_PREFIX + monitoredMetric.apply(v.name())));
        String metric = monitoredMetric.apply(version.name());
        double baseline = Double.parseDouble(version.tags().get(VersionSeeds.METRIC_PREFIX + metric));
        double dropped = baseline * 0.8;
        long now = clock.millis();
        Run run = tracking.createRun(Experiment.DEFAULT_ID, "mlops-incident-simulator",
                "evaluation of " + version.name() + " v" + version.version() + " (simulated drop)", now,
                List.of(new Tag(PerformanceMonitor.EVALUATED_MODEL_TAG, version.name()),
                        new Tag(PerformanceMonitor.EVALUATED_VERSION_TAG, Integer.toString(version.version()))),
                null);
        tracking.logBatch(run.runId(), new BatchRequest(List.of(new MetricPoint(metric, dropped, now, 0)), List.of(),
                List.of()));
        tracking.updateRun(run.runId(), RunStatus.FINISHED, now, null);
        return new Simulated(kind.wire(), version.name() + "/" + version.version(), kind.description + " (" + metric
                + " " + dropped + " against baseline " + baseline + ", evaluation run " + run.runId() + ")");
    }

    private Simulated flushDied(Kind kind, Target t, Random random) {
        StateView.BufferState buffer = pending(t, random);
        Optional<String> failure = lake.flushDyingAfterWrite(buffer.runId(), buffer.experimentId());
        if (failure.isPresent()) {
            throw new StorageFailureException("The simulated flush did not stop where intended: " + failure.get());
        }
        LakeManifest manifest = backend.view().buffers().stream().filter(b -> b.runId().equals(buffer.runId()))
                .findFirst().map(StateView.BufferState::manifest).orElse(LakeManifest.empty(buffer.runId()));
        boolean aged = true;
        for (LakeInspection.Unlisted orphan : lake.unlisted(buffer.experimentId(), buffer.runId(), manifest,
                buffer.uncoveredBatches())) {
            Locator.Place place = backend.locator().lakeFile(orphan.relativeName());
            aged &= backend.raw().backdate(place.part(), place.path(),
                    clock.millis() - verify.inProgressGrace().toMillis() - 60_000);
        }
        return new Simulated(kind.wire(), "run " + buffer.runId(), kind.description + (aged ? ""
                : "; verify reports it once the file is older than " + verify.inProgressGrace().toSeconds()
                + " s (the store keeps its own write times)"));
    }

    private StateView.BufferState pending(Target t, Random random) {
        return pick(backend.view().buffers().stream().filter(b -> b.pendingPoints() > 0)
                .filter(b -> t.run() == null || b.runId().equals(t.run())).filter(b -> b.experimentId() != null)
                .toList(), random, "no run has buffered metric points" + (t.run() == null ? "" : " (" + t.run() + ")")
                + "; log some first");
    }

    private ModelVersion production(Target t, Random random, java.util.function.Predicate<ModelVersion> usable) {
        return pick(backend.view().versions().stream().filter(v -> v.stage() == ModelStage.PRODUCTION)
                .filter(v -> t.model() == null || v.name().equals(t.model())).filter(usable).toList(), random,
                "no Production model version" + (t.model() == null ? "" : " of " + t.model()) + " fits");
    }

    private byte[] read(Locator.Place place) {
        try (InputStream in = backend.raw().open(place.part(), place.path()).orElseThrow(() ->
                new InvalidParameterException(place.path() + " does not exist."))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read " + place.path() + ": " + e.getMessage(), e);
        }
    }

    /** 64 random bytes over the middle of the content: inside the data pages of a Parquet file. */
    private static byte[] noise(byte[] bytes, Random random) {
        byte[] damaged = bytes.clone();
        int length = Math.min(64, Math.max(1, damaged.length / 4));
        int start = Math.max(0, damaged.length / 2 - length / 2);
        for (int i = start; i < start + length && i < damaged.length; i++) {
            damaged[i] = (byte) (damaged[i] ^ (1 + random.nextInt(255)));
        }
        return damaged;
    }

    private static <T> T pick(List<T> candidates, Random random, String none) {
        if (candidates.isEmpty()) {
            throw new InvalidParameterException("Nothing to damage: " + none + ".");
        }
        return candidates.get(random.nextInt(candidates.size()));
    }
}

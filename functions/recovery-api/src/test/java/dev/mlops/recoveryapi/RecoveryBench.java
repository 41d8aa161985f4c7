package dev.mlops.recoveryapi;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.recovery.PartEntry;
import dev.mlops.core.recovery.PartProvider;
import dev.mlops.core.recovery.RecoveryReport;
import dev.mlops.core.recovery.RestoreService;
import dev.mlops.core.recovery.SnapshotKind;
import dev.mlops.core.recovery.SnapshotManifest;
import dev.mlops.core.service.BatchRequest;
import dev.mlops.core.service.NewVersionRequest;
import dev.mlops.core.service.Parallel;
import dev.mlops.testsupport.AwsEmulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmarks, not tests (they print figures, assert nothing about time): {@code ./mlops bench --recovery}. A realistic
 * state, 1,000 runs with 1,000,000 metric points flushed to the lake and 100 model versions with a few MB of
 * artifacts each, locally and on the emulator: snapshot time (and how long writes pause) and size overhead, verify of
 * everything, single-object recovery, full restore, and snapshot verify. bench/RESULTS.md records the figures.
 */
@EnabledIfSystemProperty(named = "bench.recovery", matches = "true")
class RecoveryBench {

    static final int RUNS = Integer.getInteger("bench.runs", 1000);
    static final int POINTS_PER_RUN = 1000;
    static final int VERSIONS = Integer.getInteger("bench.versions", 100);
    static final int ARTIFACT_BYTES = Integer.getInteger("bench.artifact.bytes", 3 * 1024 * 1024);

    @TempDir
    Path dir;

    @Test
    void local() throws Exception {
        try (RecoveryFixture f = RecoveryFixture.local(dir, false, 16, RestoreService.StepHook.NONE)) {
            measure("local (files, file:// lake)", f);
        }
    }

    @Test
    void aws() throws Exception {
        try (RecoveryFixture f = RecoveryFixture.aws(AwsEmulator.get().uniquePrefix("bench"), false, 16,
                RestoreService.StepHook.NONE)) {
            measure("AWS on " + AwsEmulator.get().kind() + " (DynamoDB, versioned S3, s3a:// lake)", f);
        }
    }

    private void measure(String backend, RecoveryFixture f) {
        System.out.printf("%n== %s: %d runs, %,d points, %d versions x %.1f MB ==%n", backend, RUNS,
                (long) RUNS * POINTS_PER_RUN, VERSIONS, ARTIFACT_BYTES / 1048576.0);
        long seedMillis = time(() -> seed(f));
        report("seed (log, flush, register)", seedMillis, "");
        long stateBytes = f.recovery.parts().stream().filter(p -> p.provider().equals("file-tree")
                        || p.provider().equals("s3-objects")).flatMap(p -> p.live().stream()).mapToLong(PartEntry::size)
                .sum();
        long storeBefore = f.recovery.snapshots().storedBytes();
        SnapshotManifest first = timed("snapshot create #1", () -> f.kit.snapshots().create("bench-1", null,
                SnapshotKind.MANUAL));
        long added = f.recovery.snapshots().storedBytes() - storeBefore;
        System.out.printf("   writes paused %,d ms; snapshot store grew %,d bytes = %.1f%% of the %,d bytes of "
                + "files/objects%n", first.captureMillis(), added, 100.0 * added / stateBytes, stateBytes);

        laterWrites(f, 10);
        long before2 = f.recovery.snapshots().storedBytes();
        SnapshotManifest second = timed("snapshot create #2 (10 runs later)", () -> f.kit.snapshots().create(
                "bench-2", null, SnapshotKind.MANUAL));
        long added2 = f.recovery.snapshots().storedBytes() - before2;
        System.out.printf("   writes paused %,d ms; snapshot store grew %,d bytes = %.2f%% of the state%n",
                second.captureMillis(), added2, 100.0 * added2 / stateBytes);

        timed("verify of everything (clean)", () -> f.kit.verifier().verify(false));
        timed("snapshot verify (re-read every object)", () -> f.kit.snapshots().verify(second.id()));

        String lakeFile = f.recovery.view().buffers().stream().flatMap(b -> b.manifest().files().stream())
                .map(LakeManifest.LakeFile::name).findFirst().orElseThrow();
        f.recovery.raw().delete("lake", f.recovery.locator().lakeFile(lakeFile).path());
        RecoveryReport one = timed("recover: one lake file deleted (verify, repair, verify)",
                () -> f.kit.recovery().recover(false));
        RecoveryReport.Attempt repair = one.incidents().get(0).attempts().get(0);
        System.out.printf("   single-object repair itself (%s): %,d ms; recovered: %s%n", repair.strategy(),
                repair.millis(), one.recovered());

        laterWrites(f, 100);
        timed("full restore of #2 after 100 runs of later writes", () -> f.kit.restore().restore(second.id()));
        wipe(f);
        timed("full restore of #2 onto a wiped state", () -> f.kit.restore().restore(second.id()));
        timed("verify after restore", () -> f.kit.verifier().verify(false));
    }

    /**
     * Runs are logged and flushed several at a time, as many training jobs would. On moto, logging stays sequential:
     * its TransactWriteItems fails with 500s under concurrency (docs/dynamodb-design.md).
     */
    private void seed(RecoveryFixture f) {
        f.experimentId = f.tracking.createExperiment("bench-" + System.nanoTime(), null, List.of()).experimentId();
        List<Integer> indices = java.util.stream.IntStream.range(0, RUNS).boxed().toList();
        int width = f.recovery.name().equals("local") ? Parallel.DEFAULT_WIDTH : 1;
        List<String> runIds = Parallel.map(indices, width, r -> seedRun(f, r));
        f.runs.addAll(runIds);
        Parallel.map(runIds, Parallel.DEFAULT_WIDTH / 2, run -> f.flusher.flushOne(run, f.experimentId));
        for (int v = 0; v < VERSIONS; v++) {
            String name = "bench-model-" + (v / 10);
            if (v % 10 == 0) {
                f.registry.createRegisteredModel(name, List.of(), null);
            }
            f.registry.createModelVersion(new NewVersionRequest(name, "runs:/" + f.runs.get(v) + "/model",
                    f.runs.get(v), List.of(), null, null, null, "bench", null));
            f.registry.transitionModelVersionStage(name, Integer.toString(v % 10 + 1), "Production", true);
        }
    }

    private static String seedRun(RecoveryFixture f, int r) {
        Random random = new Random(r);
        Run run = f.tracking.createRun(f.experimentId, "bench", "run-" + r, 1_000L + r, List.of(), null);
        List<MetricPoint> points = new ArrayList<>(POINTS_PER_RUN);
        for (int step = 0; step < POINTS_PER_RUN / 4; step++) {
            for (String key : new String[] {"loss", "val_loss", "accuracy", "lr"}) {
                points.add(new MetricPoint(key, curve(key, step, random), 10_000L + step * 100L, step));
            }
        }
        List<Param> params = List.of(new Param("lr", "0.001"), new Param("batch", "64"));
        List<Tag> tags = List.of(new Tag("team", "bench"));
        if (f.recovery.name().equals("local")) {
            f.tracking.logBatch(run.runId(), new BatchRequest(points, List.of(), List.of()));
            f.tracking.logBatch(run.runId(), new BatchRequest(List.of(), params, tags));
        } else {
            // On the emulator one key per call: each call is then a single conditional write instead of a
            // transaction, which moto serves far faster (bench/moto_server_bench.py); the stored state is the same.
            for (String key : new String[] {"loss", "val_loss", "accuracy", "lr"}) {
                f.tracking.logBatch(run.runId(), new BatchRequest(points.stream().filter(p -> p.key().equals(key))
                        .toList(), List.of(), List.of()));
            }
            params.forEach(p -> f.tracking.logBatch(run.runId(), new BatchRequest(List.of(), List.of(p), List.of())));
            f.tracking.logBatch(run.runId(), new BatchRequest(List.of(), List.of(), tags));
        }
        if (r < VERSIONS) {
            byte[] model = new byte[ARTIFACT_BYTES];
            random.nextBytes(model);
            ArtifactPath base = ArtifactPath.parse(f.experimentId + "/" + run.runId() + "/artifacts/model");
            byte[] mlmodel = "flavors:\n  sklearn:\n    version: 1\n".getBytes(StandardCharsets.UTF_8);
            f.backend.artifacts().put(base.resolve(ArtifactPath.parse("MLmodel")),
                    new ByteArrayInputStream(mlmodel), mlmodel.length);
            f.backend.artifacts().put(base.resolve(ArtifactPath.parse("model.pkl")),
                    new ByteArrayInputStream(model), model.length);
        }
        return run.runId();
    }

    private static void laterWrites(RecoveryFixture f, int runs) {
        Random random = new Random(runs);
        for (int r = 0; r < runs; r++) {
            Run run = f.tracking.createRun(f.experimentId, "later", "later-" + r, System.currentTimeMillis(),
                    List.of(), null);
            f.logPoints(run.runId(), 0, 100, random);
        }
    }

    /** Every file, object, item and record of every part removed: the restore rewrites all of it. */
    private static void wipe(RecoveryFixture f) {
        for (PartProvider part : f.recovery.parts()) {
            part.restore(List.of(), f.recovery.snapshots());
        }
        f.recovery.reload();
    }

    private static double curve(String key, int step, Random random) {
        return switch (key) {
            case "loss", "val_loss" -> 2.0 * Math.exp(-step / 80.0) + random.nextGaussian() * 0.01;
            case "accuracy" -> 1 - Math.exp(-step / 60.0) * 0.9;
            default -> 0.001 * Math.cos(step / 250.0 * Math.PI / 2);
        };
    }

    private static <T> T timed(String what, Supplier<T> call) {
        long t0 = System.nanoTime();
        T result = call.get();
        report(what, (System.nanoTime() - t0) / 1_000_000, "");
        return result;
    }

    private static long time(Runnable call) {
        long t0 = System.nanoTime();
        call.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void report(String what, long millis, String note) {
        System.out.println(String.format(Locale.ROOT, " %-55s %,9d ms %s", what, millis, note));
    }
}

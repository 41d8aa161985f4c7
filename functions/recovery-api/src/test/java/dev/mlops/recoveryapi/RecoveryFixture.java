package dev.mlops.recoveryapi;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsRecovery;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.local.LocalBackend;
import dev.mlops.core.local.LocalRecovery;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.core.recovery.ModelRollback;
import dev.mlops.core.recovery.PerformanceMonitor;
import dev.mlops.core.recovery.RecoveryBackend;
import dev.mlops.core.recovery.RestoreService;
import dev.mlops.core.recovery.RetentionPolicy;
import dev.mlops.core.recovery.StateVerifier;
import dev.mlops.core.recovery.VersionArtifacts;
import dev.mlops.core.service.BatchRequest;
import dev.mlops.core.service.FlushPolicy;
import dev.mlops.core.service.NewVersionRequest;
import dev.mlops.core.service.ArtifactUris;
import dev.mlops.core.service.PreHooks;
import dev.mlops.core.service.RegistryService;
import dev.mlops.core.service.TrackingService;
import dev.mlops.core.service.VersionSources;
import dev.mlops.lake.LakeConfiguration;
import dev.mlops.lake.LakeInspector;
import dev.mlops.lake.LakeLayout;
import dev.mlops.lake.LakeMetricStore;
import dev.mlops.lake.MetricFlusher;
import dev.mlops.testsupport.AwsEmulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;

/**
 * One backend (the local data dir, or DynamoDB + S3 + s3a:// on the emulator) with its lake, services and recovery
 * kit, and a small realistic state: an experiment, runs with params, tags and metric histories partly flushed to the
 * lake and partly buffered, model artifacts, and a registered model with v1 archived, v2 in Production and the
 * champion alias on v2.
 */
final class RecoveryFixture implements AutoCloseable {

    static final String MODEL = "fraud";
    /** Each run's accuracy, so version 1 registers with 0.90 and version 2 with 0.92. */
    static final double[] ACCURACY = {0.90, 0.92, 0.94};
    static final StateVerifier.Settings VERIFY = new StateVerifier.Settings(Duration.ZERO, Duration.ofMinutes(30));

    final Backend backend;
    final RecoveryBackend recovery;
    final LakeMetricStore metrics;
    final MetricFlusher flusher;
    final TrackingService tracking;
    final RegistryService registry;
    final RecordingEvents events = new RecordingEvents();
    final VersionArtifacts artifacts;
    final RecoveryKit kit;
    final List<String> runs = new ArrayList<>();
    final Function<MetricFlusher.StepHook, MetricFlusher> flushers;
    final LakeLayout layout;
    final Configuration conf;
    private final AutoCloseable extra;
    String experimentId;

    private RecoveryFixture(Backend backend, RecoveryBackend recovery, LakeLayout layout, Configuration conf,
                            boolean autoRollback, int maxFilesPerRun, RestoreService.StepHook hook,
                            AutoCloseable extra) {
        this.backend = backend;
        this.recovery = recovery;
        this.extra = extra;
        this.layout = layout;
        this.conf = conf;
        MetricBuffer buffer = (MetricBuffer) backend.metrics();
        this.metrics = new LakeMetricStore(buffer, layout, conf);
        MetricFlusher.Settings defaults = MetricFlusher.Settings.DEFAULT;
        this.flushers = h -> new MetricFlusher(buffer, layout, conf,
                runId -> backend.metadata().getRun(runId).map(r -> r.info().experimentId()),
                new MetricFlusher.Settings(maxFilesPerRun, 0, defaults.orphanGraceMillis(), defaults.maxAttempts()),
                h, InstantSource.system());
        this.flusher = flushers.apply(MetricFlusher.StepHook.NONE);
        this.artifacts = new VersionArtifacts(new VersionSources(backend.metadata(), backend.loggedModels(),
                backend.registry(), backend.artifacts(), backend.artifactRootUri()), recovery.locator(), recovery.raw());
        ModelRollback rollback = new ModelRollback(backend.registry(), artifacts, events, InstantSource.system());
        PerformanceMonitor.Settings alerts = new PerformanceMonitor.Settings("accuracy", java.util.Map.of(),
                new java.math.BigDecimal("0.05"), new java.math.BigDecimal("0.10"), autoRollback);
        PerformanceMonitor monitor = new PerformanceMonitor(backend.registry(), events, alerts, () -> rollback,
                InstantSource.system());
        this.tracking = new TrackingService(backend.metadata(), metrics, backend.loggedModels(), events,
                InstantSource.system(), FlushPolicy.NONE, ArtifactUris.DEFAULT, monitor);
        this.registry = new RegistryService(backend.registry(), backend.metadata(), backend.loggedModels(),
                backend.artifacts(), backend.artifactRootUri(), events, PreHooks.NONE, InstantSource.system());
        this.kit = new RecoveryKit(backend, recovery, new LakeInspector(layout, conf, flushers), metrics, tracking,
                rollback, artifacts, new RecoveryKit.Settings(RetentionPolicy.DEFAULT, VERIFY, alerts, true), events,
                InstantSource.system(), hook);
    }

    static RecoveryFixture local(Path dir) {
        return local(dir, false, 16, RestoreService.StepHook.NONE);
    }

    static RecoveryFixture local(Path dir, boolean autoRollback, int maxFiles, RestoreService.StepHook hook) {
        LocalBackend local = LocalBackend.open(dir, InstantSource.system());
        LocalRecovery recovery = local.recovery(new LocalRecovery.Settings(Duration.ofMillis(200),
                Duration.ofSeconds(5)));
        LakeLayout layout = new LakeLayout(new org.apache.hadoop.fs.Path(dir.resolve("lake").toUri()));
        return new RecoveryFixture(local.asBackend(), recovery, layout, LakeConfiguration.local(), autoRollback,
                maxFiles, hook, () -> { });
    }

    static RecoveryFixture aws(String prefix, boolean autoRollback, int maxFiles, RestoreService.StepHook hook) {
        AwsEmulator aws = AwsEmulator.get();
        AwsSettings settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), prefix);
        Backend backend = AwsBackend.open(settings, true);
        AwsRecovery recovery = AwsRecovery.open(settings, backend, new AwsRecovery.Settings(Duration.ZERO,
                Duration.ZERO, Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ZERO, "lake/", "incoming/"));
        Configuration conf = LakeConfiguration.s3a(aws.endpoint(), aws.region(), aws.accessKey(), aws.secretKey());
        LakeLayout layout = new LakeLayout(new org.apache.hadoop.fs.Path("s3a://" + settings.bucket() + "/lake"));
        return new RecoveryFixture(backend, recovery, layout, conf, autoRollback, maxFiles, hook, recovery);
    }

    /** The state the tests damage: see the class comment. */
    RecoveryFixture seed() {
        experimentId = tracking.createExperiment("recovery-" + System.nanoTime(), null, List.of()).experimentId();
        Random random = new Random(7);
        for (int r = 0; r < 3; r++) {
            Run run = tracking.createRun(experimentId, "tester", "run-" + r, 1_000L + r, List.of(), null);
            runs.add(run.runId());
            logPoints(run.runId(), 0, 40, random);
            tracking.logBatch(run.runId(), new BatchRequest(List.of(new MetricPoint("accuracy", ACCURACY[r],
                    5_000L, 0)), List.of(new Param("lr", "0.0" + (r + 1))), List.of(new Tag("team", "risk"))));
            putArtifacts(run, r);
        }
        flusher.flushAll();
        for (String runId : runs) {
            logPoints(runId, 40, 50, random); // stays in the buffer
        }
        registry.createRegisteredModel(MODEL, List.of(), "fraud model");
        for (int r = 0; r < 2; r++) {
            registry.createModelVersion(new NewVersionRequest(MODEL, "runs:/" + runs.get(r) + "/model",
                    runs.get(r), List.of(), null, null, null, "tester", null));
            registry.transitionModelVersionStage(MODEL, Integer.toString(r + 1), "Production", true);
        }
        registry.setAlias(MODEL, "champion", "2");
        return this;
    }

    void logPoints(String runId, int from, int to, Random random) {
        List<MetricPoint> points = new ArrayList<>();
        for (int step = from; step < to; step++) {
            points.add(new MetricPoint("loss", 1.0 / (step + 1) + random.nextDouble() / 100, 10_000L + step, step));
        }
        tracking.logBatch(runId, new BatchRequest(points, List.of(), List.of()));
    }

    private void putArtifacts(Run run, int r) {
        ArtifactPath base = ArtifactPath.parse(experimentId + "/" + run.runId() + "/artifacts/model");
        put(base.resolve(ArtifactPath.parse("MLmodel")), "flavors:\n  sklearn:\n    version: 1\n");
        byte[] weights = new byte[20_000];
        new Random(r).nextBytes(weights);
        backend.artifacts().put(base.resolve(ArtifactPath.parse("model.pkl")), new ByteArrayInputStream(weights),
                weights.length);
    }

    private void put(ArtifactPath path, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        backend.artifacts().put(path, new ByteArrayInputStream(bytes), bytes.length);
    }

    @Override
    public void close() throws Exception {
        extra.close();
        backend.close();
    }
}

package dev.mlops.recoveryapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.recovery.Finding;
import dev.mlops.core.recovery.IncidentSimulator;
import dev.mlops.core.recovery.IncidentSimulator.Kind;
import dev.mlops.core.recovery.RecoveryReport;
import dev.mlops.core.recovery.SnapshotKind;
import dev.mlops.core.recovery.StateDigest;
import dev.mlops.core.recovery.VerifyReport;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.lake.MetricFileWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every incident kind on one backend: digest, damage, verify finds it unprompted, recover, verify passes, digest as
 * before (nothing lost, nothing duplicated). Then damage done by hand, not by the simulator. The subclasses provide a
 * seeded fixture shared by the whole class (each test leaves the state as it found it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class IncidentRecoveryContract {

    abstract RecoveryFixture fixture();

    /** Deletes a lake file with the storage's own API (a file system call, an S3 DeleteObject). */
    abstract void deleteByHand(String partPath);

    /** Overwrites an object's bytes with the storage's own API. */
    abstract void overwriteByHand(String partPath, byte[] bytes);

    /** Each data and pipeline incident: found, repaired, and the logical state exactly as before. */
    @ParameterizedTest
    @Order(1)
    @EnumSource(value = Kind.class, names = "METRIC_DROP", mode = EnumSource.Mode.EXCLUDE)
    void incident_isFoundAndRepaired_andTheStateIsAsBefore(Kind kind) {
        RecoveryFixture f = fixture();
        f.kit.snapshots().create(null, "before " + kind.wire(), SnapshotKind.MANUAL);
        StateDigest.Result before = f.kit.digest();

        IncidentSimulator.Simulated damage = f.kit.simulator().simulate(kind.wire(),
                new IncidentSimulator.Target(null, null, null, 42L));
        VerifyReport found = f.kit.verifier().verify(true);
        assertThat(found.findings()).as("verify after %s", damage).isNotEmpty();
        assertThat(found.findings()).extracting(Finding::kind).containsAnyElementsOf(expectedFindings(kind));
        found.findings().stream().filter(x -> x instanceof Finding.RecordMissing).forEach(x -> assertThat(
                f.kit.verifier().recheck(x)).as("only a full verify judges a lost record").isEmpty());

        RecoveryReport recovery = f.kit.recovery().recover(false);
        assertThat(recovery.remaining()).as("left after recovering %s: %s", kind, recovery).isEmpty();
        assertThat(recovery.incidents()).allSatisfy(i -> assertThat(i.outcome()).isIn("REPAIRED", "RESOLVED"));
        assertThat(f.kit.verifier().verify(false).findings()).isEmpty();
        assertThat(f.kit.digest()).as("digest after recovering %s", kind).isEqualTo(before);
        assertThat(f.events.of(DomainEvent.IncidentDetected.class)).isNotEmpty();
        assertThat(f.events.of(DomainEvent.RecoveryCompleted.class)).isNotEmpty();
    }

    @Test
    @Order(2)
    void lakeFileDeletedByHand_isFoundAndRestored() {
        RecoveryFixture f = fixture();
        f.kit.snapshots().create(null, "before a hand delete", SnapshotKind.MANUAL);
        StateDigest.Result before = f.kit.digest();
        String file = anyLakeFile(f);

        deleteByHand(f.recovery.locator().lakeFile(file).path());

        Finding missing = f.kit.verifier().verify(false).findings().stream()
                .filter(x -> x.kind().equals("lake-file-missing")).findFirst().orElseThrow();
        assertThat(f.kit.verifier().recheck(missing)).as("the file's own check, alone").contains(true);
        RecoveryReport recovery = f.kit.recovery().recover(false);
        assertThat(recovery.recovered()).isTrue();
        assertThat(recovery.incidents()).singleElement().satisfies(i -> assertThat(i.attempts()).first()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("repaired")));
        assertThat(f.kit.verifier().recheck(missing)).contains(false);
        assertThat(f.kit.digest()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void artifactOverwrittenByHand_isFoundAndRestored() {
        RecoveryFixture f = fixture();
        f.kit.snapshots().create(null, "before a hand overwrite", SnapshotKind.MANUAL);
        StateDigest.Result before = f.kit.digest();
        ModelVersion production = production(f);
        String file = f.artifacts.files(f.artifacts.locate(production).orElseThrow()).get(0);

        overwriteByHand(file, "not the model".getBytes());

        Finding corrupt = f.kit.verifier().verify(false).findings().stream()
                .filter(x -> x.kind().equals("model-artifact-corrupt")).findFirst().orElseThrow();
        assertThat(f.kit.verifier().recheck(corrupt)).as("the artifact's own check, alone").contains(true);
        assertThat(f.kit.recovery().recover(false).recovered()).isTrue();
        assertThat(f.kit.verifier().recheck(corrupt)).contains(false);
        assertThat(f.kit.digest()).isEqualTo(before);
    }

    /** A lake file with points nowhere else and no copy anywhere: reported CRITICAL and left as it is. */
    @Test
    @Order(4)
    void strayWithPointsNowhereElse_isReportedCritical_andLeftAsItIs() {
        RecoveryFixture f = fixture();
        String run = f.runs.get(0);
        var written = new MetricFileWriter(f.layout, f.conf).write(f.experimentId, run,
                List.of(new MetricPoint("orphaned", 1.0, 1L, 99_999)));
        String stray = f.layout.relative(written.file());

        RecoveryReport recovery = f.kit.recovery().recover(false);

        assertThat(recovery.incidents()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo("stray-lake-file");
            assertThat(i.outcome()).isEqualTo("FAILED");
            assertThat(i.severity()).isEqualTo("CRITICAL");
        });
        assertThat(recovery.remaining()).extracting(RecoveryReport.Remaining::target).containsExactly(stray);
        assertThat(f.events.of(DomainEvent.RecoveryFailed.class)).last()
                .satisfies(e -> assertThat(e.target()).isEqualTo(stray));
        assertThat(f.recovery.raw().open("lake", f.recovery.locator().lakeFile(stray).path())).isPresent();

        f.recovery.raw().delete("lake", f.recovery.locator().lakeFile(stray).path());
        assertThat(f.kit.verifier().verify(false).findings()).isEmpty();
    }

    /**
     * MLflow registers a version whose run_id names no run; such a run was never there, so verify reports nothing,
     * while a run that existed at registration and is gone later is still a missing record.
     */
    @Test
    @Order(5)
    void aVersionNamingARunThatNeverExisted_isNoFinding() {
        RecoveryFixture f = fixture();
        String model = "never-" + java.util.UUID.randomUUID();
        f.registry.createRegisteredModel(model, List.of(), null);
        f.registry.createModelVersion(new dev.mlops.core.service.NewVersionRequest(model, "s3://elsewhere/model",
                "feedbeef00000000", List.of(), null, null, null, "tester", null));

        assertThat(f.kit.verifier().verify(false).findings()).isEmpty();

        f.registry.deleteRegisteredModel(model);
    }

    /** An evaluation 20% below the baseline: CRITICAL, and recover rolls Production and champion back. */
    @Test
    @Order(9)
    void evaluationMetricDrop_rollsProductionBack() {
        RecoveryFixture f = fixture();
        ModelVersion current = production(f);

        f.kit.simulator().simulate(Kind.METRIC_DROP.wire(), new IncidentSimulator.Target(null,
                RecoveryFixture.MODEL, null, 1L));

        assertThat(f.events.of(DomainEvent.ModelPerformanceDegraded.class)).last()
                .satisfies(e -> assertThat(e.severity()).isEqualTo("CRITICAL"));
        assertThat(f.kit.verifier().verify(false).findings()).extracting(Finding::kind).contains("model-degraded");
        RecoveryReport recovery = f.kit.recovery().recover(false);
        assertThat(recovery.recovered()).isTrue();
        ModelVersion now = production(f);
        assertThat(now.version()).isLessThan(current.version());
        assertThat(f.backend.registry().getModel(RecoveryFixture.MODEL).orElseThrow().aliases())
                .containsEntry("champion", now.version());
        assertThat(f.events.of(DomainEvent.ModelRolledBack.class)).last()
                .satisfies(e -> assertThat(e.aliasesMoved()).containsExactly("champion"));
    }

    static List<String> expectedFindings(Kind kind) {
        return switch (kind) {
            case LAKE_NOISE, LAKE_TRUNCATE -> List.of("lake-file-corrupt");
            case LAKE_MISSING -> List.of("lake-file-missing");
            case LAKE_DUPLICATE -> List.of("stray-lake-file");
            case RUN_DELETED -> List.of("record-missing");
            case ARTIFACT_DELETED -> List.of("model-artifact-missing");
            case ARTIFACT_CORRUPTED -> List.of("model-artifact-corrupt");
            case METRIC_DROP -> List.of("model-degraded");
            case FLUSH_DIED -> List.of("interrupted-flush");
            case STUCK_BUFFER -> List.of("stuck-buffer");
        };
    }

    static String anyLakeFile(RecoveryFixture f) {
        return f.recovery.view().buffers().stream().flatMap(b -> b.manifest().files().stream())
                .map(LakeManifest.LakeFile::name).findFirst().orElseThrow();
    }

    static ModelVersion production(RecoveryFixture f) {
        return f.backend.registry().versionsOf(RecoveryFixture.MODEL).stream()
                .filter(v -> v.stage() == ModelStage.PRODUCTION).findFirst().orElseThrow();
    }

    static Map<String, String> parts(StateDigest.Result digest) {
        return digest.parts();
    }
}

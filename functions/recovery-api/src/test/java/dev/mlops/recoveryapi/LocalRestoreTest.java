package dev.mlops.recoveryapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.recovery.Finding;
import dev.mlops.core.recovery.SnapshotKind;
import dev.mlops.core.recovery.StateDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore on the local backend, plus damage done while no server held the data directory. */
class LocalRestoreTest extends RestoreContract {

    @TempDir
    static Path dir;
    static RecoveryFixture fixture;

    @BeforeAll
    static void seed() {
        fixture = RecoveryFixture.local(dir, false, 3, HOOK).seed();
    }

    @AfterAll
    static void close() throws Exception {
        fixture.close();
    }

    @Override
    RecoveryFixture fixture() {
        return fixture;
    }

    /** The server is stopped, a run's file is deleted and a lake file truncated; the next start finds both. */
    @Test
    void damageDoneWhileTheServerWasStopped_isFoundAtTheNextStart_andRepaired() throws Exception {
        fixture.kit.snapshots().create(null, "before the shutdown", SnapshotKind.MANUAL);
        StateDigest.Result before = fixture.kit.digest();
        List<String> runs = List.copyOf(fixture.runs);
        String experimentId = fixture.experimentId;
        String lakeFile = IncidentRecoveryContract.anyLakeFile(fixture);
        fixture.close();

        Files.delete(dir.resolve("meta/runs/" + runs.get(2) + ".json"));
        Path lake = dir.resolve("lake/" + lakeFile);
        Files.write(lake, Arrays.copyOf(Files.readAllBytes(lake), 100));

        fixture = RecoveryFixture.local(dir, false, 3, HOOK);
        fixture.runs.addAll(runs);
        fixture.experimentId = experimentId;
        assertThat(fixture.kit.verifier().verify(false).findings()).extracting(Finding::kind)
                .contains("record-missing", "lake-file-corrupt");
        assertThat(fixture.kit.recovery().recover(false).recovered()).isTrue();
        assertThat(fixture.kit.digest()).isEqualTo(before);
        assertThat(fixture.backend.metadata().getRun(runs.get(2))).as("the server sees the restored run").isPresent();
    }
}

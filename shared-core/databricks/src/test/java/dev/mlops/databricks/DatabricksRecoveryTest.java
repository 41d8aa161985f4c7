package dev.mlops.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.ErrorCode;
import dev.mlops.core.error.MlopsException;
import dev.mlops.core.error.NotSupportedException;
import dev.mlops.core.local.DiskSpace;
import dev.mlops.core.local.LocalArtifactStore;
import dev.mlops.core.recovery.RawState;
import dev.mlops.core.recovery.WriteFence;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What recovery offers on Databricks: rollback's artifact reads, and a clear NOT_IMPLEMENTED for the rest. */
class DatabricksRecoveryTest {

    @TempDir
    Path dir;

    private DatabricksRecovery recovery() {
        return new DatabricksRecovery(new LocalArtifactStore(dir, new DiskSpace(dir, 0, DiskSpace.FILE_STORE)));
    }

    @Test
    void snapshotsRestoreAndVerify_shouldAnswerNotImplemented_pointingAtDeltaTimeTravel() {
        DatabricksRecovery recovery = recovery();

        assertThatThrownBy(() -> recovery.snapshots().manifests()).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("Delta time travel")
                .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED));
        assertThatThrownBy(() -> recovery.view().runs()).isInstanceOf(NotSupportedException.class);
        assertThatThrownBy(() -> recovery.fence().raise(WriteFence.Reason.RESTORE, null))
                .isInstanceOf(NotSupportedException.class);
        assertThatThrownBy(() -> recovery.raw().delete("artifacts", "x")).isInstanceOf(NotSupportedException.class);
        assertThat(recovery.parts()).isEmpty();
    }

    @Test
    void fence_shouldAdmitEveryWrite() {
        try (WriteFence.Permit permit = recovery().fence().admit()) {
            assertThat(permit).isNotNull();
        }
        assertThat(recovery().fence().journal()).isEmpty();
    }

    @Test
    void raw_shouldReadAndListTheArtifactStore_forRollbacksChecksum() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(dir, new DiskSpace(dir, 0, DiskSpace.FILE_STORE));
        byte[] bytes = "weights".getBytes(StandardCharsets.UTF_8);
        store.put(ArtifactPath.parse("1/models/m-1/artifacts/model.pkl"), new ByteArrayInputStream(bytes),
                bytes.length);
        store.put(ArtifactPath.parse("1/models/m-1/artifacts/MLmodel"), new ByteArrayInputStream(bytes),
                bytes.length);
        RawState raw = new DatabricksRecovery(store).raw();

        assertThat(raw.list("artifacts", "1/models/m-1/artifacts")).extracting(RawState.ObjectInfo::path)
                .containsExactlyInAnyOrder("1/models/m-1/artifacts/model.pkl", "1/models/m-1/artifacts/MLmodel");
        try (var in = raw.open("artifacts", "1/models/m-1/artifacts/model.pkl").orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(raw.open("artifacts", "1/models/m-1/artifacts/missing")).isEmpty();
        assertThat(recovery().locator().artifact(ArtifactPath.parse("1/a")).part()).isEqualTo("artifacts");
    }
}

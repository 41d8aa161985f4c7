package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.RegistryStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link RegistryStore#rollBack}: Production and the named aliases move in one step, on every store. */
public abstract class RegistryRollbackContract {

    protected abstract RegistryStore store();

    private final String name = "rb" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void rollBack_shouldMoveProductionAndAliases_andArchiveTheOtherProduction() {
        threeVersions();
        store().transitionStage(name, 3, ModelStage.PRODUCTION, true, 20);
        store().setAlias(name, "champion", 3, 21);
        store().setAlias(name, "candidate", 3, 22);

        ModelVersion target = store().rollBack(name, 2, List.of("champion"), 30);

        assertThat(target.version()).isEqualTo(2);
        assertThat(target.stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(store().versionsOf(name)).extracting(ModelVersion::stage)
                .containsExactly(ModelStage.NONE, ModelStage.PRODUCTION, ModelStage.ARCHIVED);
        assertThat(store().getModel(name).orElseThrow().aliases())
                .containsEntry("champion", 2).containsEntry("candidate", 3);
        assertThat(store().getVersion(name, 2).orElseThrow().lastUpdatedTimestamp()).isEqualTo(30);
    }

    @Test
    void rollBack_shouldArchiveEveryOtherProductionVersion_andLeaveStagingAlone() {
        threeVersions();
        store().transitionStage(name, 2, ModelStage.PRODUCTION, false, 10);
        store().transitionStage(name, 3, ModelStage.PRODUCTION, false, 11);
        store().transitionStage(name, 1, ModelStage.STAGING, false, 12);

        store().rollBack(name, 1, List.of(), 13);

        assertThat(store().versionsOf(name)).extracting(ModelVersion::stage)
                .containsExactly(ModelStage.PRODUCTION, ModelStage.ARCHIVED, ModelStage.ARCHIVED);
        assertThat(store().versionsOf(name)).filteredOn(v -> v.stage() == ModelStage.PRODUCTION).hasSize(1);
    }

    @Test
    void rollBack_shouldThrowNotFound_forAMissingVersionOrModel_andChangeNothing() {
        threeVersions();
        store().transitionStage(name, 3, ModelStage.PRODUCTION, true, 20);

        assertThatThrownBy(() -> store().rollBack(name, 9, List.of("champion"), 30))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> store().rollBack(name + "-gone", 1, List.of(), 30))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(store().versionsOf(name)).extracting(ModelVersion::stage)
                .containsExactly(ModelStage.NONE, ModelStage.NONE, ModelStage.PRODUCTION);
        assertThat(store().getModel(name).orElseThrow().aliases()).isEmpty();
    }

    private void threeVersions() {
        store().createModel(new RegisteredModel(name, 1, 1, null, Map.of(), Map.of()));
        for (int i = 0; i < 3; i++) {
            store().createVersion(new NewModelVersion(name, "s3://b/" + i, null, null, null, "tester", Map.of(),
                    null, VersionStatus.READY, null, 2 + i, null, 0));
        }
    }
}

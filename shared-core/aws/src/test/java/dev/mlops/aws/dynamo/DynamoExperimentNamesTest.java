package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Name claims: interrupted creates are finished by whoever meets them, renames move the claim, ids count up. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoExperimentNamesTest {

    private DynamoFixture fixture;
    private DynamoMetadataStore store;

    @BeforeEach
    void open() {
        fixture = DynamoFixture.create();
        store = fixture.metadata;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void getExperimentByName_shouldFinishTheCreate_whenOnlyTheClaimWasWritten() {
        Experiment interrupted = new Experiment("77", "half-made", "s3://b/77", LifecycleStage.ACTIVE, 5, 5,
                Map.of("k", "v"));
        fixture.dynamo.putItem(b -> b.tableName(fixture.tables.metadata())
                .item(ExperimentItems.claim(interrupted)));
        assertThat(store.getExperiment("77")).isEmpty();

        assertThat(store.getExperimentByName("half-made")).contains(interrupted);
        assertThat(store.getExperiment("77")).contains(interrupted);
    }

    @Test
    void createExperiment_shouldRefuseAndFinishTheHolder_whenAnInterruptedCreateHoldsTheName() {
        Experiment interrupted = new Experiment("78", "taken", "s3://b/78", LifecycleStage.ACTIVE, 5, 5, Map.of());
        fixture.dynamo.putItem(b -> b.tableName(fixture.tables.metadata())
                .item(ExperimentItems.claim(interrupted)));

        assertThatThrownBy(() -> store.createExperiment(new NewExperiment("taken", null, Map.of(), 1)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThat(store.getExperiment("78")).contains(interrupted);
    }

    @Test
    void defaultExperiment_shouldBeCreatedOnce_whenTwoProcessesStartOnEmptyTables() {
        try (DynamoFixture other = fixture.sibling()) {
            Experiment seenHere = store.getExperiment(Experiment.DEFAULT_ID).orElseThrow();
            Experiment seenThere = other.metadata.getExperimentByName(Experiment.DEFAULT_NAME).orElseThrow();

            assertThat(seenThere).isEqualTo(seenHere);
            assertThat(seenHere.artifactLocation()).isEqualTo("mlflow-artifacts:/0");
        }
    }

    @Test
    void createExperiment_shouldCountIdsUpFromOne() {
        Experiment first = store.createExperiment(new NewExperiment("first", null, Map.of(), 1));
        Experiment second = store.createExperiment(new NewExperiment("second", null, Map.of(), 1));

        assertThat(first.experimentId()).isEqualTo("1");
        assertThat(second.experimentId()).isEqualTo("2");
    }

    @Test
    void updateExperiment_shouldMoveTheClaim_whenRenamedTwice() {
        Experiment e = store.createExperiment(new NewExperiment("a", null, Map.of(), 1));

        store.updateExperiment(e.withName("b", 2));
        Experiment renamed = store.updateExperiment(e.withName("c", 3).withTags(Map.of("t", "1"), 3));

        assertThat(store.getExperimentByName("a")).isEmpty();
        assertThat(store.getExperimentByName("b")).isEmpty();
        assertThat(store.getExperimentByName("c")).contains(renamed);
        assertThat(store.createExperiment(new NewExperiment("a", null, Map.of(), 4)).name()).isEqualTo("a");
    }

    @Test
    void updateExperiment_shouldRefuse_whenTheExperimentDoesNotExist() {
        Experiment ghost = new Experiment("999", "ghost", "x", LifecycleStage.ACTIVE, 1, 1, Map.of());

        assertThatThrownBy(() -> store.updateExperiment(ghost)).isInstanceOf(ResourceNotFoundException.class);
        assertThat(store.getExperimentByName("ghost")).isEmpty();
    }
}

package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.contract.LoggedModelStoreContract;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.search.SearchFilter;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared LoggedModelStore contract, over the wire against the emulator, plus what the item layout implies. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoLoggedModelStoreTest extends LoggedModelStoreContract {

    private DynamoFixture fixture;
    private DynamoLoggedModelStore store;

    @BeforeEach
    void open() {
        fixture = DynamoFixture.create();
        store = new DynamoLoggedModelStore(fixture.dynamo, fixture.tables, DynamoGuard.standard());
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Override
    protected LoggedModelStore store() {
        return store;
    }

    @Test
    void models_shouldNotAppearInExperimentSearches_whenTheyShareTheExperimentIndex() {
        Experiment experiment = fixture.metadata.createExperiment(
                new NewExperiment("with-models", null, Map.of(), 1L));
        store.insert(model(experiment.experimentId(), "m", Map.of(), Map.of()));

        List<Experiment> all = fixture.metadata.searchExperiments(new ExperimentQuery(SearchFilter.ALL, List.of(),
                ViewType.ALL, 1000, null)).items();

        assertThat(all).extracting(Experiment::experimentId)
                .containsExactlyInAnyOrder(Experiment.DEFAULT_ID, experiment.experimentId());
    }

    @Test
    void deletedModel_shouldLeaveTheIndexButStayReadable() {
        LoggedModel model = model(uniqueExperiment(), "m", Map.of(), Map.of());
        store.insert(model);

        store.update(model.modelId(), m -> m.withLifecycle(LifecycleStage.DELETED, m.lastUpdatedTimestamp()));

        var item = fixture.dynamo.getItem(b -> b.tableName(fixture.tables.metadata())
                .key(Attrs.key("L#" + model.modelId(), DynamoLoggedModelStore.SK))).item();
        assertThat(item).doesNotContainKeys(MetaSchema.X_STAGE, MetaSchema.X_ORDER);
        assertThat(store.get(model.modelId()).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    }
}

package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
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
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared LoggedModelStore contract, over the wire, plus what the item layout implies. It runs on
 * {@link SerialMoto}: the contract has sixteen writers racing on one model, and moto's threaded server does not
 * make a conditional put atomic (DynamoDB does), so there a write could be lost that DynamoDB would never lose.
 * One moto and one set of tables serve the class; the contract names every model uniquely.
 */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoLoggedModelStoreTest extends LoggedModelStoreContract {

    private static SerialMoto moto;
    private static AwsClients clients;
    private static DynamoTables tables;
    private static DynamoLoggedModelStore store;
    private static DynamoMetadataStore metadata;

    @BeforeAll
    static void open() throws Exception {
        moto = SerialMoto.start();
        AwsSettings settings = moto.settings();
        clients = new AwsClients(settings, List.of());
        tables = DynamoTables.createIfMissing(clients.dynamo(), settings);
        store = new DynamoLoggedModelStore(clients.dynamo(), tables, DynamoGuard.standard());
        metadata = new DynamoMetadataStore(clients.dynamo(), tables, DynamoGuard.standard(), "mlflow-artifacts:",
                InstantSource.system());
    }

    @AfterAll
    static void close() {
        clients.close();
        moto.close();
    }

    @Override
    protected LoggedModelStore store() {
        return store;
    }

    @Test
    void models_shouldNotAppearInExperimentSearches_whenTheyShareTheExperimentIndex() {
        Experiment experiment = metadata.createExperiment(
                new NewExperiment("with-models", null, Map.of(), 1L));
        store.insert(model(experiment.experimentId(), "m", Map.of(), Map.of()));

        List<Experiment> all = metadata.searchExperiments(new ExperimentQuery(SearchFilter.ALL, List.of(),
                ViewType.ALL, 1000, null)).items();

        assertThat(all).extracting(Experiment::experimentId)
                .containsExactlyInAnyOrder(Experiment.DEFAULT_ID, experiment.experimentId());
    }

    @Test
    void deletedModel_shouldLeaveTheIndexButStayReadable() {
        LoggedModel model = model(uniqueExperiment(), "m", Map.of(), Map.of());
        store.insert(model);

        store.update(model.modelId(), m -> m.withLifecycle(LifecycleStage.DELETED, m.lastUpdatedTimestamp()));

        var item = clients.dynamo().getItem(b -> b.tableName(tables.metadata())
                .key(Attrs.key("L#" + model.modelId(), DynamoLoggedModelStore.SK))).item();
        assertThat(item).doesNotContainKeys(MetaSchema.X_STAGE, MetaSchema.X_ORDER);
        assertThat(store.get(model.modelId()).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    }
}

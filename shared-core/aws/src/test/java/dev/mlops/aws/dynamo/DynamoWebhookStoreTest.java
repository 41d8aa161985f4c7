package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.contract.WebhookStoreContract;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.WebhookStore;
import dev.mlops.core.search.SearchFilter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared WebhookStore contract over the wire, in the registry table beside the models. */
@ExtendWith(dev.mlops.testsupport.AwsEmulatorExtension.class)
class DynamoWebhookStoreTest extends WebhookStoreContract {

    private DynamoFixture fixture;
    private DynamoWebhookStore store;

    @BeforeEach
    void open() {
        fixture = DynamoFixture.create();
        store = new DynamoWebhookStore(fixture.dynamo, fixture.tables, DynamoGuard.standard());
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Override
    protected WebhookStore store() {
        return store;
    }

    @Test
    void webhooks_shouldStayOutOfModelSearches() {
        store.create(webhook(1_000, null));

        assertThat(fixture.registry.searchModels(new ModelQuery(SearchFilter.ALL, List.of(), 100, null)).items())
                .isEmpty();
    }
}

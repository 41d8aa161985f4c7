package dev.mlops.databricks.contract;

import dev.mlops.core.contract.WebhookStoreContract;
import dev.mlops.core.port.WebhookStore;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.TestWarehouse;
import dev.mlops.databricks.store.DatabricksWebhookStore;
import org.junit.jupiter.api.BeforeEach;

/** The shared WebhookStore contract on a Delta table; it lists every webhook, so the table is its own and emptied. */
class DatabricksWebhookStoreTest extends WebhookStoreContract {

    private DatabricksWebhookStore store;

    @BeforeEach
    void emptyStore() {
        DatabricksSettings settings = TestWarehouse.isolated("webhooks", DeltaSchema.WEBHOOKS);
        TestWarehouse.clear(settings, DeltaSchema.WEBHOOKS);
        store = new DatabricksWebhookStore(TestWarehouse.shared().warehouse(), settings);
    }

    @Override
    protected WebhookStore store() {
        return store;
    }
}

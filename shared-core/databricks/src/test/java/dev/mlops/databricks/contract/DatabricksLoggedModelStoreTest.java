package dev.mlops.databricks.contract;

import dev.mlops.core.contract.LoggedModelStoreContract;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.databricks.TestWarehouse;
import org.junit.jupiter.api.Tag;

/** The shared LoggedModelStore contract on Delta tables through the real Databricks driver (full run). */
@Tag("databricks-full")
class DatabricksLoggedModelStoreTest extends LoggedModelStoreContract {

    @Override
    protected LoggedModelStore store() {
        return TestWarehouse.sharedBackend().loggedModels();
    }
}

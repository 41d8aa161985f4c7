package dev.mlops.databricks.contract;

import dev.mlops.core.contract.RegistryStoreContract;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.databricks.TestWarehouse;
import org.junit.jupiter.api.Tag;

/** The shared RegistryStore contract on Delta tables through the real Databricks driver (full run). */
@Tag("databricks-full")
class DatabricksRegistryStoreTest extends RegistryStoreContract {

    @Override
    protected RegistryStore store() {
        return TestWarehouse.sharedBackend().registry();
    }
}

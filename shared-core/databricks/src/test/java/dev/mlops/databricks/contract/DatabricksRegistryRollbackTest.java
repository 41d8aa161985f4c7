package dev.mlops.databricks.contract;

import dev.mlops.core.contract.RegistryRollbackContract;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.databricks.TestWarehouse;
import org.junit.jupiter.api.Tag;

/**
 * RegistryStore.rollBack on the {@code model_registry} Delta table: one MERGE moves stages and aliases together
 * (full run; DatabricksPortsTest calls it in every run).
 */
@Tag("databricks-full")
class DatabricksRegistryRollbackTest extends RegistryRollbackContract {

    @Override
    protected RegistryStore store() {
        return TestWarehouse.sharedBackend().registry();
    }
}

package dev.mlops.databricks.contract;

import dev.mlops.core.contract.HealthStatusStoreContract;
import dev.mlops.core.port.HealthStatusStore;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.TestWarehouse;
import dev.mlops.databricks.store.DatabricksHealthStatusStore;
import org.junit.jupiter.api.BeforeEach;

/** The shared HealthStatusStore contract on a Delta table of its own, emptied before each test. */
class DatabricksHealthStatusStoreTest extends HealthStatusStoreContract {

    private DatabricksSettings settings;

    @BeforeEach
    void emptyStore() {
        settings = TestWarehouse.isolated("health", DeltaSchema.HEALTH_STATUS);
        TestWarehouse.clear(settings, DeltaSchema.HEALTH_STATUS);
    }

    @Override
    protected HealthStatusStore store() {
        return new DatabricksHealthStatusStore(TestWarehouse.shared().warehouse(), settings);
    }

    /** Another instance with no state of its own: what a fresh monitor process opens. */
    @Override
    protected HealthStatusStore reopened() {
        return new DatabricksHealthStatusStore(TestWarehouse.shared().warehouse(), settings);
    }
}

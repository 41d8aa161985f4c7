package dev.mlops.databricks.contract;

import dev.mlops.core.contract.RunSearchContract;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.databricks.TestWarehouse;

/** Metric-ordered run searches on the {@code runs} Delta table, against the reference semantics. */
class DatabricksRunSearchTest extends RunSearchContract {

    @Override
    protected MetadataStore store() {
        return TestWarehouse.sharedBackend().metadata();
    }
}

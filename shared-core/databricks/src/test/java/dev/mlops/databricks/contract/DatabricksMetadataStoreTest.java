package dev.mlops.databricks.contract;

import dev.mlops.core.contract.MetadataStoreContract;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.databricks.TestWarehouse;
import org.junit.jupiter.api.Tag;

/** The shared MetadataStore contract on Delta tables through the real Databricks driver (full run). */
@Tag("databricks-full")
class DatabricksMetadataStoreTest extends MetadataStoreContract {

    @Override
    protected MetadataStore store() {
        return TestWarehouse.sharedBackend().metadata();
    }
}

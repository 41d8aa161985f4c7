package dev.mlops.databricks.contract;

import dev.mlops.core.contract.MetricStoreContract;
import dev.mlops.core.port.MetricStore;
import dev.mlops.databricks.TestWarehouse;
import org.junit.jupiter.api.Tag;

/** The shared MetricStore contract on the Delta metric buffer (full run). */
@Tag("databricks-full")
class DatabricksMetricStoreTest extends MetricStoreContract {

    @Override
    protected MetricStore store() {
        return TestWarehouse.sharedBackend().metrics();
    }
}

package dev.mlops.databricks.contract;

import dev.mlops.core.contract.MetricStoreContract;
import dev.mlops.core.port.MetricStore;
import dev.mlops.databricks.TestWarehouse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The shared MetricStore contract on the Delta metric buffer. Isolated from the other test classes: its race of
 * eight log calls on one run must end within the contract's 60 s, and the eight MERGEs queue in one shard's lane, so
 * they get the engine to themselves (full run).
 */
@Isolated
@Tag("databricks-full")
class DatabricksMetricStoreTest extends MetricStoreContract {

    @Override
    protected MetricStore store() {
        return TestWarehouse.sharedBackend().metrics();
    }
}

package dev.mlops.databricks.contract;

import dev.mlops.core.contract.MetricBufferContract;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.databricks.TestWarehouse;
import org.junit.jupiter.api.Tag;

/** The shared MetricBuffer contract on Delta tables through the real Databricks driver (full run). */
@Tag("databricks-full")
class DatabricksMetricBufferTest extends MetricBufferContract {

    @Override
    protected MetricBuffer buffer() {
        return (MetricBuffer) TestWarehouse.sharedBackend().metrics();
    }
}

package dev.mlops.databricks.contract;

import dev.mlops.core.contract.MetricBufferContract;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.TestWarehouse;
import dev.mlops.databricks.store.DatabricksMetricStore;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * The shared MetricBuffer contract on Delta tables through the real Databricks driver. Its buffer totals count the
 * whole buffer, so it runs on buffer tables of its own, emptied before each test (full run).
 */
@Tag("databricks-full")
class DatabricksMetricBufferTest extends MetricBufferContract {

    private static final String[] TABLES = {DeltaSchema.METRIC_BATCHES, DeltaSchema.LAKE_MANIFESTS};

    private DatabricksMetricStore buffer;

    @BeforeEach
    void emptyBuffer() {
        DatabricksSettings settings = TestWarehouse.isolated("buffer", TABLES);
        TestWarehouse.clear(settings, TABLES);
        buffer = new DatabricksMetricStore(TestWarehouse.shared().warehouse(), settings, InstantSource.system());
    }

    @Override
    protected MetricBuffer buffer() {
        return buffer;
    }
}

package dev.mlops.databricks.contract;

import dev.mlops.core.contract.TrackingServiceContract;
import dev.mlops.core.port.Backend;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.TestWarehouse;
import java.time.InstantSource;
import org.junit.jupiter.api.Tag;

/**
 * The tracking rules end to end on the Databricks backend (full run). Some rules count every run of experiment 0,
 * so the suite runs on a schema of its own whose runs are deleted before each test.
 */
@Tag("databricks-full")
class DatabricksTrackingServiceTest extends TrackingServiceContract {

    @Override
    protected Backend openBackend(InstantSource clock) {
        Backend backend = TestWarehouse.isolatedBackend("tracking");
        TestWarehouse.clear(TestWarehouse.isolatedSettings("tracking"), DeltaSchema.RUNS);
        return backend;
    }
}

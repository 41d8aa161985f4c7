package dev.mlops.databricks.contract;

import dev.mlops.core.contract.TrackingServiceContract;
import dev.mlops.core.port.Backend;
import dev.mlops.databricks.TestWarehouse;
import java.time.InstantSource;
import org.junit.jupiter.api.Tag;

/** The tracking rules end to end on the Databricks backend (full run). */
@Tag("databricks-full")
class DatabricksTrackingServiceTest extends TrackingServiceContract {

    @Override
    protected Backend openBackend(InstantSource clock) {
        return TestWarehouse.sharedBackend();
    }
}

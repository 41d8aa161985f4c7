package dev.mlops.databricks.contract;

import dev.mlops.core.contract.RunSearchContract;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.databricks.TestWarehouse;
import org.junit.jupiter.api.Tag;

/**
 * Metric-ordered run searches on the {@code runs} Delta table, against the reference semantics (full run only:
 * this backend answers a search with the reference semantics themselves, RunMatcher and RunOrdering over the
 * candidate rows, so the contract re-checks the shared code; it costs about 18 statements per assertion).
 */
@Tag("databricks-full")
class DatabricksRunSearchTest extends RunSearchContract {

    @Override
    protected MetadataStore store() {
        return TestWarehouse.sharedBackend().metadata();
    }
}

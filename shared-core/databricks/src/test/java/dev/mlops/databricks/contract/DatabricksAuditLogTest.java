package dev.mlops.databricks.contract;

import dev.mlops.core.contract.AuditLogContract;
import dev.mlops.core.port.AuditLog;
import dev.mlops.databricks.TestWarehouse;

/** The shared AuditLog contract on the {@code audit_log} Delta table (entries use actors of their own). */
class DatabricksAuditLogTest extends AuditLogContract {

    @Override
    protected AuditLog log() {
        return TestWarehouse.sharedBackend().audit();
    }
}

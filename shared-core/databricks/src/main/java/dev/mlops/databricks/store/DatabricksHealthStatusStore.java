package dev.mlops.databricks.store;

import dev.mlops.core.error.OutcomeUnknownException;
import dev.mlops.core.port.HealthStatusStore;
import dev.mlops.databricks.CredentialSource;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DriverConnections;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.sql.Row;
import dev.mlops.databricks.sql.SessionPool;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import java.time.Duration;
import java.util.Optional;

/**
 * The health monitor's last overall status: one row of {@code health_status}. The first record goes in by a MERGE
 * that inserts only when there is none, later ones by an UPDATE conditioned on the status the monitor read, so of
 * two overlapping monitors exactly one wins. When a statement's answer is lost, the stored row says who won.
 */
public final class DatabricksHealthStatusStore implements HealthStatusStore, AutoCloseable {

    private static final String MONITOR = "overall";

    private final Warehouse warehouse;
    private final String table;
    private final AutoCloseable resources;

    /** On a warehouse someone else closes. */
    public DatabricksHealthStatusStore(Warehouse warehouse, DatabricksSettings settings) {
        this(warehouse, settings, () -> { });
    }

    private DatabricksHealthStatusStore(Warehouse warehouse, DatabricksSettings settings, AutoCloseable resources) {
        this.warehouse = warehouse;
        this.table = settings.table(DeltaSchema.HEALTH_STATUS);
        this.resources = resources;
    }

    /**
     * Over one session of its own, as the health function keeps its status apart from the backend it checks (the
     * backend creates the table). Connecting costs nothing until the first statement. {@code alsoClose} goes with
     * it (what the credential source needs, such as a Secrets Manager client).
     */
    public static DatabricksHealthStatusStore connect(DatabricksSettings settings, CredentialSource credentials,
                                                      Warehouse.FaultPolicy policy, AutoCloseable alsoClose) {
        SessionPool pool = new SessionPool(new DriverConnections(settings, credentials), 1, Duration.ofSeconds(60),
                Duration.ofMinutes(10));
        Warehouse warehouse = new Warehouse(pool, settings.statementTimeout(), policy);
        return new DatabricksHealthStatusStore(warehouse, settings, () -> {
            warehouse.close();
            alsoClose.close();
        });
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }

    @Override
    public Optional<Recorded> last() {
        return warehouse.query(Sql.of("SELECT status, since FROM " + table + " WHERE monitor = ?", MONITOR)).stream()
                .findFirst().map(DatabricksHealthStatusStore::recorded);
    }

    @Override
    public boolean replace(Optional<Recorded> expected, Recorded next) {
        try {
            return warehouse.inLane(table, () -> {
                if (expected.isEmpty()) {
                    return Warehouse.inserted(warehouse.execute(Sql.of("MERGE INTO " + table + " t USING (SELECT ?"
                                    + " AS monitor) s ON t.monitor = s.monitor WHEN NOT MATCHED THEN INSERT (monitor,"
                                    + " status, since) VALUES (s.monitor, ?, ?)", MONITOR, next.status(), next.since()),
                            Warehouse.Retry.ONCE)) == 1;
                }
                return Warehouse.affected(warehouse.execute(Sql.of("UPDATE " + table + " SET status = ?, since = ?"
                                + " WHERE monitor = ? AND status = ?", next.status(), next.since(), MONITOR,
                        expected.get().status()), Warehouse.Retry.ONCE)) == 1;
            });
        } catch (OutcomeUnknownException lost) {
            return last().filter(next::equals).isPresent();
        }
    }

    private static Recorded recorded(Row r) {
        return new Recorded(r.str("status"), r.lng("since"));
    }
}

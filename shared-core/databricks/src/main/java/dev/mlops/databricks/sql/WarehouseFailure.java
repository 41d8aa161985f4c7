package dev.mlops.databricks.sql;

import java.sql.SQLException;

/** Placeholder; classification comes with the probe. */
public final class WarehouseFailure {
    private WarehouseFailure() {
    }

    public static boolean isRejection(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("401") || m.contains("UNAUTHENTICATED") || m.contains("403");
    }

    public static final class Wrapped extends RuntimeException {
        private final SQLException sql;

        public Wrapped(SQLException sql) {
            super(sql.getMessage(), sql);
            this.sql = sql;
        }

        public SQLException sql() {
            return sql;
        }
    }
}

package dev.mlops.databricks.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * How driver exceptions are read. The messages and states are the ones the Databricks JDBC driver 3.4.5 produced
 * against the statement facade (see WarehouseFaultsTest for the same paths end to end).
 */
class WarehouseFailureTest {

    @Test
    void engineErrorWithSqlState_isFinal_andKeepsOnlyTheEnginesMessage() {
        SQLException e = new SQLException("Statement execution failed 7368 -> SELECT * FROM t\nFAILED. Error Message:"
                + " [TABLE_OR_VIEW_NOT_FOUND] The table or view `t` cannot be found.", "42P01");

        WarehouseFailure failure = WarehouseFailure.classify(e, true);

        assertThat(failure).isInstanceOf(WarehouseFailure.Failed.class);
        assertThat(failure.getMessage()).startsWith("[TABLE_OR_VIEW_NOT_FOUND]").doesNotContain("SELECT");
    }

    @Test
    void deltaConcurrentModification_isAConflict() {
        assertThat(WarehouseFailure.classify(new SQLException("Statement execution failed 1 -> MERGE ...\nFAILED."
                + " Error Message: [DELTA_CONCURRENT_APPEND] Files were added to the root of the table", "2D521"), true))
                .isInstanceOf(WarehouseFailure.Conflict.class);
        assertThat(WarehouseFailure.classify(new SQLException("FAILED. Error Message: "
                + "io.delta.exceptions.ConcurrentAppendException: Files were added", "XX000"), true))
                .isInstanceOf(WarehouseFailure.Conflict.class);
    }

    @Test
    void refusalsBeforeExecution_areNotExecuted() {
        assertThat(WarehouseFailure.classify(new SQLException("x", "08001", new ConnectException("refused")), true))
                .isInstanceOf(WarehouseFailure.NotExecuted.class);
        assertThat(WarehouseFailure.classify(new SQLTransientConnectionException("pool busy"), true))
                .isInstanceOf(WarehouseFailure.NotExecuted.class);
        assertThat(WarehouseFailure.classify(new SQLException("Error occurred during statement execution: SELECT 1."
                + " Error : com.databricks.internal.sdk.core.error.platform.TemporarilyUnavailable: The SQL warehouse"
                + " is starting.", "EXECUTE_STATEMENT_FAILED"), true))
                .isInstanceOf(WarehouseFailure.NotExecuted.class);
        assertThat(WarehouseFailure.classify(new SQLException("anything"), false))
                .as("no connection was ever made").isInstanceOf(WarehouseFailure.NotExecuted.class);
    }

    @Test
    void lostAnswersAndTimeouts_leaveTheOutcomeUnknown() {
        assertThat(WarehouseFailure.classify(new SQLException("Error occurred during statement execution: MERGE ..."
                + " Error : com.databricks.internal.sdk.core.error.platform.InternalError", "EXECUTE_STATEMENT_FAILED"),
                true)).isInstanceOf(WarehouseFailure.Unknown.class);
        assertThat(WarehouseFailure.classify(new SQLException("poll failed", "08S01",
                new IOException("read", new SocketTimeoutException("Read timed out"))), true))
                .isInstanceOf(WarehouseFailure.Unknown.class);
    }

    @Test
    void refusedCredentials_areRejections() {
        assertThat(WarehouseFailure.classify(new SQLException("Error occurred during statement execution: SELECT 4."
                + " Error : com.databricks.internal.sdk.core.error.platform.Unauthenticated: Invalid access token.",
                "EXECUTE_STATEMENT_FAILED"), true)).isInstanceOf(WarehouseFailure.Rejected.class);
    }
}

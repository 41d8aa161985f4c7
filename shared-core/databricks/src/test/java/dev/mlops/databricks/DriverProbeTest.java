package dev.mlops.databricks;

import dev.mlops.testsupport.databricks.FacadeFaults;
import dev.mlops.testsupport.databricks.LocalWarehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriverProbeTest {

    @Test
    void probe() throws Exception {
        LocalWarehouse w = LocalWarehouse.get();
        DatabricksSettings s = new DatabricksSettings(Optional.of(w.host()), Optional.of(w.httpPath()),
                "spark_catalog", "probe", true, 2, Duration.ofMinutes(2), Optional.empty());
        DriverConnections dc = new DriverConnections(s, new CredentialSource.Fixed(DatabricksCredentials.token(w.token())));
        long t = System.nanoTime();
        try (Connection c0 = dc.getConnection()) { } catch (Exception e) { e.printStackTrace(System.out); throw e; }
        try (Connection c = dc.getConnection()) {
            System.out.println("connected " + (System.nanoTime() - t) / 1_000_000 + " ms");
            run(c, "CREATE SCHEMA IF NOT EXISTS spark_catalog.probe");
            run(c, "CREATE TABLE IF NOT EXISTS spark_catalog.probe.t (k STRING, v DOUBLE, n BIGINT) USING delta");
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO spark_catalog.probe.t t USING (SELECT ? AS k, ? AS v, ? AS n) s ON t.k = s.k WHEN NOT MATCHED THEN INSERT *")) {
                ps.setString(1, "it's a \\ test -- /* x */ ?");
                ps.setDouble(2, Double.NaN);
                ps.setLong(3, 42);
                boolean rs = ps.execute();
                System.out.println("merge rs=" + rs + " update=" + ps.getUpdateCount());
                if (rs) { dump(ps.getResultSet()); }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT k, v, n, to_json(map('a', v)) j FROM spark_catalog.probe.t WHERE k = ?")) {
                ps.setString(1, "it's a \\ test -- /* x */ ?");
                dump(ps.executeQuery());
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE spark_catalog.probe.t SET n = n + 1 WHERE k = ?")) {
                ps.setString(1, "it's a \\ test -- /* x */ ?");
                System.out.println("update count=" + ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ? AS x, ? AS y")) {
                ps.setNull(1, java.sql.Types.VARCHAR);
                ps.setBoolean(2, true);
                dump(ps.executeQuery());
            }
            run(c, "SELECT * FROM spark_catalog.probe.nope");
            w.facade().faults().next(FacadeFaults.Kind.WAREHOUSE_STARTING, 1);
            run(c, "SELECT 1");
            w.facade().faults().next(FacadeFaults.Kind.THROTTLED, 1);
            run(c, "SELECT 2");
            w.facade().faults().next(FacadeFaults.Kind.LOST_ANSWER, 1);
            run(c, "SELECT 3");
            w.facade().faults().next(FacadeFaults.Kind.UNAUTHENTICATED, 1);
            run(c, "SELECT 4");
            run(c, "SELECT 5");
        }
        DriverConnections bad = new DriverConnections(s, new CredentialSource.Fixed(DatabricksCredentials.token("wrong")));
        try (Connection c = bad.getConnection()) {
            System.out.println("bad token connected?!");
            run(c, "SELECT 1");
        } catch (Exception e) {
            System.out.println("bad token: " + e);
        }
        w.facade().acceptClient("cid", "csecret");
        DriverConnections oauth = new DriverConnections(s, new CredentialSource.Fixed(DatabricksCredentials.oauth("cid", "csecret")));
        try (Connection c = oauth.getConnection()) {
            run(c, "SELECT 'oauth ok'");
        } catch (Exception e) {
            System.out.println("oauth: " + e);
            e.printStackTrace(System.out);
        }
        System.out.println("received: " + w.facade().received());
    }

    private static void run(Connection c, String sql) {
        long t = System.nanoTime();
        try (var st = c.createStatement()) {
            boolean rs = st.execute(sql);
            System.out.println("OK " + sql + " (" + (System.nanoTime() - t) / 1_000_000 + " ms)");
            if (rs) {
                dump(st.getResultSet());
            }
        } catch (SQLException e) {
            System.out.println("FAIL " + sql + " (" + (System.nanoTime() - t) / 1_000_000 + " ms): " + e.getClass().getName() + " state=" + e.getSQLState() + " code=" + e.getErrorCode() + " msg=" + e.getMessage() + " cause=" + e.getCause());
        }
    }

    private static void dump(ResultSet rs) throws SQLException {
        var m = rs.getMetaData();
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= m.getColumnCount(); i++) b.append(m.getColumnName(i)).append(':').append(m.getColumnTypeName(i)).append(' ');
        b.append('\n');
        while (rs.next()) { for (int i = 1; i <= m.getColumnCount(); i++) b.append(rs.getString(i)).append(" | "); b.append('\n'); }
        System.out.println(b);
    }
}

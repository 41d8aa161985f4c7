package dev.mlops.testsupport.databricks;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What one statement produced on the engine: rows as text (the JSON_ARRAY format), or an error with SQLSTATE. */
sealed interface EngineResult {

    record Column(String name, String typeName, String typeText) {
    }

    record Rows(List<Column> columns, List<List<String>> rows) implements EngineResult {
        static Rows empty() {
            return new Rows(List.of(), List.of());
        }

        static Rows of(ResultSet rs) throws SQLException {
            ResultSetMetaData meta = rs.getMetaData();
            List<Column> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String type = meta.getColumnTypeName(i).toUpperCase(Locale.ROOT);
                String text = type.equals("DECIMAL")
                        ? "DECIMAL(" + meta.getPrecision(i) + "," + meta.getScale(i) + ")" : type;
                columns.add(new Column(meta.getColumnLabel(i), type, text));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return new Rows(columns, rows);
        }
    }

    /** {@code errorCode} as the Statement Execution API names it (e.g. BAD_REQUEST), message without Java noise. */
    record Failed(String sqlState, String errorCode, String message) implements EngineResult {
    }
}

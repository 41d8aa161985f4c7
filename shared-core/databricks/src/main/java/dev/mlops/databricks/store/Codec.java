package dev.mlops.databricks.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.databricks.sql.Row;
import java.util.List;
import java.util.Map;

/**
 * JSON both ways between Java values and the warehouse. Values go in as one JSON text parameter that the statement
 * turns into a native column with {@code from_json} (so a map of 100 tags is one bound parameter, not 200), and come
 * back through {@code to_json}. Doubles travel as Jackson writes them, NaN and the infinities as strings, which
 * Spark's JSON reader and writer both accept.
 */
final class Codec {

    static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    static final String MAP_TYPE = "'map<string,string>'";
    static final String LIST_TYPE = "'array<string>'";

    private Codec() {
    }

    static String json(Object value) {
        try {
            return Row.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StorageFailureException("Cannot encode a value for the warehouse: " + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return Row.JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StorageFailureException("Cannot decode a value from the warehouse: " + e.getOriginalMessage(),
                    e);
        }
    }

    static Map<String, String> map(Row row, String column) {
        Map<String, String> map = row.json(column, STRING_MAP);
        return map == null ? Map.of() : map;
    }

    static List<String> list(Row row, String column) {
        List<String> list = row.json(column, STRING_LIST);
        return list == null ? List.of() : list;
    }
}

package dev.mlops.databricks.sql;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.error.StorageFailureException;
import java.util.List;
import java.util.Map;

/**
 * One result row as the warehouse sent it (JSON_ARRAY results are text), read by column name. Complex columns are
 * selected through {@code to_json(...)} and parsed here, so no driver-specific type crosses this class.
 */
public record Row(Map<String, Integer> columns, List<String> values) {

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String str(String column) {
        Integer index = columns.get(column);
        if (index == null) {
            throw new StorageFailureException("The warehouse answer has no column " + column);
        }
        return values.get(index);
    }

    public boolean isNull(String column) {
        return str(column) == null;
    }

    public long lng(String column) {
        return Long.parseLong(str(column));
    }

    public Long nullableLong(String column) {
        String v = str(column);
        return v == null ? null : Long.parseLong(v);
    }

    public int integer(String column) {
        return Integer.parseInt(str(column));
    }

    public boolean bool(String column) {
        return Boolean.parseBoolean(str(column));
    }

    /** A column selected as {@code to_json(x)}; null when the column is SQL NULL. */
    public <T> T json(String column, TypeReference<T> type) {
        String v = str(column);
        if (v == null) {
            return null;
        }
        try {
            return JSON.readValue(v, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StorageFailureException("Cannot read column " + column + " from the warehouse: "
                    + e.getOriginalMessage(), e);
        }
    }
}

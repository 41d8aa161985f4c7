package dev.mlops.core.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.error.StorageFailureException;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes the local store's JSON records; NaN travels as a string, as on the wire. */
final class JsonFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private JsonFiles() {
    }

    static void write(Path target, Object value) {
        try {
            AtomicFiles.write(target, MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new StorageFailureException("Cannot encode " + target.getFileName(), e);
        }
    }

    static <T> T read(Path source, Class<T> type) {
        try {
            return MAPPER.readValue(source.toFile(), type);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}

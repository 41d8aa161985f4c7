package dev.mlops.core.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.error.StorageFailureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** Reads and writes the local store's JSON records; NaN travels as a string, as on the wire. */
final class JsonFiles {

    private static final Logger LOG = Logger.getLogger(JsonFiles.class);
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

    /**
     * Every record file in a directory (hidden temp files skipped). A file that does not parse is left out with an
     * error in the log instead of stopping the store from opening: one damaged record must not take the whole
     * server down, and {@code ./mlops verify} reports it (LocalStateView) so it can be restored.
     */
    static <T> List<T> readAll(Path dir, Class<T> type) {
        List<T> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(JsonFiles::isRecordFile).sorted().toList()) {
                try {
                    records.add(read(p, type));
                } catch (StorageFailureException e) {
                    LOG.errorf("Skipping unreadable record %s (./mlops verify reports it, ./mlops recover restores "
                            + "it from a snapshot): %s", p, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new StorageFailureException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        return records;
    }

    static boolean isRecordFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".json") && !name.startsWith(".");
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}

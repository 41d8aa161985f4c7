package dev.mlops.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.LimitExceededException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Decodes request bodies ourselves rather than through JAX-RS binding, so that malformed JSON, wrong types and
 * oversize bodies all become MLflow errors naming the offending field, before any service runs.
 */
@ApplicationScoped
public class JsonCodec {

    /** MLflow's limit for a JSON request body (log-batch is the largest). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ObjectMapper mapper = JsonConfig.MLFLOW;

    public <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            return readText("{}", type);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge(body.length);
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw new InvalidParameterException("The request body must be a JSON object.");
            }
            return value;
        } catch (JsonMappingException e) {
            throw new InvalidParameterException(describe(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException("Malformed JSON in the request body: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidParameterException("Could not read the request body: " + e.getMessage(), e);
        }
    }

    public static LimitExceededException tooLarge(long bytes) {
        return new LimitExceededException("The request body has %d bytes; the limit is %d bytes (1 MB)."
                .formatted(bytes, MAX_BODY_BYTES));
    }

    private <T> T readText(String text, Class<T> type) {
        try {
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (field.isEmpty()) {
            return "Invalid request body: " + e.getOriginalMessage();
        }
        return "Invalid value for parameter '" + field + "' supplied: " + e.getOriginalMessage();
    }
}

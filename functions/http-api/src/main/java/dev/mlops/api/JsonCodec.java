package dev.mlops.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.LimitExceededException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * Decodes request bodies ourselves rather than through JAX-RS binding, so that malformed JSON, wrong types and
 * oversize bodies all become MLflow errors naming the offending field, before any service runs. The wording is
 * MLflow's ({@code Invalid value 123 for parameter 'name' supplied. Hint: Value was of type 'int'.}), and nothing
 * of the JSON library's own text reaches the client.
 */
@ApplicationScoped
public class JsonCodec {

    /** MLflow's limit for a JSON request body (log-batch is the largest). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** What MLflow appends to every schema error. */
    static final String API_DOCS_HINT = " See the API docs for more information about request parameters.";

    private final ObjectMapper mapper = JsonConfig.MLFLOW;

    public <T> T read(byte[] body, Class<T> type) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw tooLarge(body.length);
        }
        JsonNode tree = body == null || body.length == 0 ? mapper.createObjectNode() : tree(body);
        if (tree.isTextual()) {
            // Old clients post their JSON encoded twice, as one string; MLflow decodes it again.
            tree = tree(tree.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (tree.isNull() || tree.isMissingNode()) {
            tree = mapper.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new InvalidParameterException("The request body must be a JSON object.");
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw invalidValue(tree, e);
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException("Invalid request body.", e);
        }
    }

    public static LimitExceededException tooLarge(long bytes) {
        return new LimitExceededException("The request body has %d bytes; the limit is %d bytes (1 MB)."
                .formatted(bytes, MAX_BODY_BYTES));
    }

    private JsonNode tree(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            return tree == null ? mapper.createObjectNode() : tree;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidParameterException(at == null ? "Malformed JSON in the request body."
                    : "Malformed JSON in the request body (line %d, column %d)."
                            .formatted(at.getLineNr(), at.getColumnNr()), e);
        } catch (IOException e) {
            throw new InvalidParameterException("Could not read the request body.", e);
        }
    }

    /** MLflow's message for a value of the wrong type, naming the field by its JSON path. */
    static InvalidParameterException invalidValue(JsonNode tree, JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
                node = node == null ? null : node.get(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
                node = node == null ? null : node.get(ref.getIndex());
            }
        }
        if (path.isEmpty() || node == null) {
            return new InvalidParameterException("Invalid request body." + API_DOCS_HINT, e);
        }
        return new InvalidParameterException(WireValues.invalidValue(path.toString(), node)
                + " Hint: Value was of type '" + WireValues.pythonType(node) + "'." + API_DOCS_HINT, e);
    }
}

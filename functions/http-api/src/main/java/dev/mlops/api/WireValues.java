package dev.mlops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Request values as MLflow's messages print them: compact JSON with sorted keys (Python's
 * {@code json.dumps(value, sort_keys=True, separators=(",", ":"))}), and the Python type name of the value.
 */
final class WireValues {

    private WireValues() {
    }

    /** {@code Invalid value <json> for parameter '<path>' supplied.} (mlflow.utils.validation.invalid_value). */
    static String invalidValue(String path, JsonNode value) {
        return "Invalid value " + json(value) + " for parameter '" + path + "' supplied.";
    }

    static String json(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    static String pythonType(JsonNode node) {
        if (node.isIntegralNumber()) {
            return "int";
        }
        if (node.isNumber()) {
            return "float";
        }
        if (node.isTextual()) {
            return "str";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isArray()) {
            return "list";
        }
        if (node.isObject()) {
            return "dict";
        }
        return "NoneType";
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            node.fields().forEachRemaining(fields::add);
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(new TextNode(fields.get(i).getKey()));
                out.append(':');
                write(fields.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else {
            out.append(node);
        }
    }
}

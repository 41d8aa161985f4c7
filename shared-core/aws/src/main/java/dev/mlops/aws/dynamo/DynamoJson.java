package dev.mlops.aws.dynamo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.error.StorageFailureException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items to and from DynamoDB JSON ({@code {"S": "..."}, {"N": "1"}, {"B": "<base64>"}, ...}), the format of
 * DynamoDB's own exports. Attribute names and map keys are written in sorted order and sets sorted, so an item has
 * one encoding: snapshot part documents of equal tables are equal bytes.
 */
final class DynamoJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DynamoJson() {
    }

    static String encode(Map<String, AttributeValue> item) {
        try {
            return JSON.writeValueAsString(map(item));
        } catch (JsonProcessingException e) {
            throw new StorageFailureException("Cannot encode a DynamoDB item", e);
        }
    }

    static Map<String, AttributeValue> decode(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, AttributeValue> item = new HashMap<>();
            node.fields().forEachRemaining(f -> item.put(f.getKey(), value(f.getValue())));
            return item;
        } catch (JsonProcessingException e) {
            throw new StorageFailureException("A stored DynamoDB item is damaged: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode map(Map<String, AttributeValue> values) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(values).forEach((name, value) -> node.set(name, node(value)));
        return node;
    }

    private static JsonNode node(AttributeValue v) {
        ObjectNode typed = NODES.objectNode();
        switch (v.type()) {
            case S -> typed.put("S", v.s());
            case N -> typed.put("N", v.n());
            case B -> typed.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> typed.put("BOOL", v.bool());
            case NUL -> typed.put("NULL", true);
            case M -> typed.set("M", map(v.m()));
            case L -> {
                ArrayNode list = typed.putArray("L");
                v.l().forEach(e -> list.add(node(e)));
            }
            case SS -> {
                ArrayNode set = typed.putArray("SS");
                v.ss().stream().sorted().forEach(set::add);
            }
            case NS -> {
                ArrayNode set = typed.putArray("NS");
                v.ns().stream().sorted().forEach(set::add);
            }
            case BS -> {
                ArrayNode set = typed.putArray("BS");
                v.bs().stream().map(b -> Base64.getEncoder().encodeToString(b.asByteArray())).sorted()
                        .forEach(set::add);
            }
            default -> throw new StorageFailureException("Unknown DynamoDB attribute type " + v.type());
        }
        return typed;
    }

    private static AttributeValue value(JsonNode typed) {
        Iterator<Map.Entry<String, JsonNode>> fields = typed.fields();
        if (!fields.hasNext()) {
            throw new StorageFailureException("An empty DynamoDB attribute in a stored item");
        }
        Map.Entry<String, JsonNode> f = fields.next();
        JsonNode v = f.getValue();
        return switch (f.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "M" -> {
                Map<String, AttributeValue> m = new HashMap<>();
                v.fields().forEachRemaining(e -> m.put(e.getKey(), value(e.getValue())));
                yield AttributeValue.fromM(m);
            }
            case "L" -> {
                List<AttributeValue> l = new ArrayList<>();
                v.forEach(e -> l.add(value(e)));
                yield AttributeValue.fromL(l);
            }
            case "SS" -> AttributeValue.fromSs(strings(v));
            case "NS" -> AttributeValue.fromNs(strings(v));
            case "BS" -> AttributeValue.fromBs(strings(v).stream()
                    .map(s -> SdkBytes.fromByteArray(Base64.getDecoder().decode(s))).toList());
            default -> throw new StorageFailureException("Unknown DynamoDB attribute type " + f.getKey());
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(e -> values.add(e.asText()));
        return values;
    }
}

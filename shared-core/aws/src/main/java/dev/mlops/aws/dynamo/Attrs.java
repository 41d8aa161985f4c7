package dev.mlops.aws.dynamo;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Terse AttributeValue conversions; a null Java value is stored as DynamoDB NULL and read back as null. */
final class Attrs {

    private Attrs() {
    }

    static AttributeValue s(String value) {
        return value == null ? AttributeValue.fromNul(true) : AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? null : value.s();
    }

    static Long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.valueOf(value.n());
    }

    static long number(Map<String, AttributeValue> item, String name, long absent) {
        Long value = number(item, name);
        return value == null ? absent : value;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(MetaSchema.PK, AttributeValue.fromS(pk), MetaSchema.SK, AttributeValue.fromS(sk));
    }
}

package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoJsonTest {

    @Test
    void encode_shouldRoundTripEveryType_andBeCanonical() {
        Map<String, AttributeValue> item = Map.of(
                "s", AttributeValue.fromS("text"),
                "n", AttributeValue.fromN("-1.5e3"),
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, -1})),
                "bool", AttributeValue.fromBool(true),
                "nul", AttributeValue.fromNul(true),
                "m", AttributeValue.fromM(Map.of("z", AttributeValue.fromS("1"), "a", AttributeValue.fromN("2"))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("3"))),
                "ss", AttributeValue.fromSs(List.of("b", "a")),
                "ns", AttributeValue.fromNs(List.of("2", "1")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {2}))));

        String json = DynamoJson.encode(item);

        assertThat(DynamoJson.decode(json)).isEqualTo(DynamoJson.decode(DynamoJson.encode(DynamoJson.decode(json))));
        assertThat(DynamoJson.encode(DynamoJson.decode(json))).isEqualTo(json);
        assertThat(json).startsWith("{\"b\":").contains("\"m\":{\"M\":{\"a\":{\"N\":\"2\"},\"z\":");
        assertThat(json).contains("\"ss\":{\"SS\":[\"a\",\"b\"]}");
        assertThat(DynamoJson.decode(json).get("b").b().asByteArray()).containsExactly(0, 1, -1);
    }

    @Test
    void tableKeys_shouldRoundTripAnyText() {
        String key = DynamoTablePart.key("N#a \"quoted\"|name", "N");

        assertThat(DynamoTablePart.parts(key)).containsExactly("N#a \"quoted\"|name", "N");
    }

    @Test
    void expiredTombstones_areLeftOutOfSnapshots_liveItemsAreNot() {
        long now = System.currentTimeMillis() / 1000;
        var expired = DynamoTablePart.expired("expires_at");

        assertThat(expired.test(Map.of("expires_at", AttributeValue.fromN(Long.toString(now - 10))))).isTrue();
        assertThat(expired.test(Map.of("expires_at", AttributeValue.fromN(Long.toString(now + 3600))))).isFalse();
        assertThat(expired.test(Map.of("p", AttributeValue.fromS("points")))).isFalse();
    }
}

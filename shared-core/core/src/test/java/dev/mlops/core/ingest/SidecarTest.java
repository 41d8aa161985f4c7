package dev.mlops.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SidecarTest {

    @Test
    void parse_shouldReadEveryField() {
        Sidecar sidecar = parse("""
                {"framework": "sklearn", "metrics": {"auc": 0.91, "rows": 1200}, "tags": {"team": "risk"},
                 "run_id": "a1b2c3d4e5f6", "description": "Gradient boosting, 2026-01 data"}""");

        assertThat(sidecar).isEqualTo(new Sidecar("sklearn", Map.of("auc", 0.91, "rows", 1200.0),
                Map.of("team", "risk"), "a1b2c3d4e5f6", "Gradient boosting, 2026-01 data"));
    }

    @Test
    void parse_shouldAcceptAnEmptyObject() {
        assertThat(parse("{}")).isEqualTo(Sidecar.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[1, 2]",
        "\"text\"",
        "{\"framework\": 3}",
        "{\"metrics\": [0.9]}",
        "{\"metrics\": {\"auc\": \"high\"}}",
        "{\"metrics\": {\"auc\": null}}",
        "{\"tags\": {\"team\": 7}}",
        "{\"tags\": {\"mlops.sha256\": \"forged\"}}",
        "{\"tags\": {\"bad/../key\": \"x\"}}",
        "{\"run_id\": \"../etc\"}",
        "{\"metric\": {\"auc\": 0.9}}",
        "{\"framework\": \"a\", \"framework\": \"b\"}",
        "{} {}"})
    void parse_shouldRefuseMalformedOrWronglyTypedSidecars(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Sidecar 'm.pkl.mlops.json' is invalid:");
    }

    @Test
    void parse_shouldNameTheUnknownField() {
        assertThatThrownBy(() -> parse("{\"metric\": {}}")).hasMessageContaining("unknown field 'metric'");
    }

    private static Sidecar parse(String json) {
        return Sidecar.parse("m.pkl.mlops.json", json.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.mlops.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"loss", "val/acc", "a.b-c d:e", "train_loss_1", "épsilon"})
    void key_shouldAccept_whenKeyUsesMlflowCharacters(String key) {
        assertThat(Validation.key("metric", key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../b", "/abs", "semi;colon", "quote'", "tab\tkey", "new\nline"})
    void key_shouldRefuse_whenKeyIsUnsafe(String key) {
        assertThatThrownBy(() -> Validation.key("metric", key)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void key_shouldRefuse_whenLongerThan250() {
        assertThat(Validation.key("param", "k".repeat(250))).hasSize(250);
        assertThatThrownBy(() -> Validation.key("param", "k".repeat(251)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void key_shouldNameTheParameter_whenMissing() {
        assertThatThrownBy(() -> Validation.key("metric", null))
                .hasMessage("Missing value for required parameter 'metric key'.");
    }

    @Test
    void batchLimits_shouldCountAllItems() {
        Validation.batchLimits(1000, 0, 0);
        Validation.batchLimits(900, 50, 50);

        assertThatThrownBy(() -> Validation.batchLimits(900, 100, 1)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Validation.batchLimits(0, 0, 101)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void runId_shouldRefuseTraversalAndGarbage() {
        assertThat(Validation.runId("0123abcd")).isEqualTo("0123abcd");
        assertThatThrownBy(() -> Validation.runId("../etc")).isInstanceOf(InvalidParameterException.class)
                .hasMessage("Invalid value ../etc for parameter 'run_id' supplied.");
    }

    @Test
    void maxResults_shouldEnforceRange() {
        assertThat(Validation.maxResults(null, 1000, 50000)).isEqualTo(1000);
        assertThatThrownBy(() -> Validation.maxResults(0, 1000, 50000)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Validation.maxResults(50001, 1000, 50000))
                .isInstanceOf(InvalidParameterException.class);
    }
}

package dev.mlops.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.MetricPoint;
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
    @ValueSource(strings = {"../x", "a/../b", "/abs", "semi;colon", "quote'", "tab\tkey", "new\nline", "a//b",
        "a/./b", "a/", "./a", ".", ""})
    void key_shouldRefuse_whenKeyIsUnsafeOrNotANormalisedPath(String key) {
        assertThatThrownBy(() -> Validation.key("metric", key)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void key_shouldExplainInMlflowWords_whenAPathWouldNameAnotherKey() {
        assertThatThrownBy(() -> Validation.key("param", "params[3].key", "a//b"))
                .hasMessage("Invalid value \"a//b\" for parameter 'params[3].key' supplied: Names may be treated as "
                        + "files in certain cases, and must not resolve to other names when treated as such. This "
                        + "name would resolve to 'a/b'");
        assertThatThrownBy(() -> Validation.key("tag", "a!"))
                .hasMessageStartingWith("Invalid value \"a!\" for parameter 'key' supplied: Names may only contain");
        assertThatThrownBy(() -> Validation.key("metric", "m".repeat(251)))
                .hasMessage("'Metric name' exceeds the maximum length of 250 characters");
    }

    @Test
    void metric_shouldRefuseNegativeTimestamps_inMlflowWords() {
        assertThatThrownBy(() -> Validation.metric(new MetricPoint("loss", 1.0, -1, 0), "metrics[2]."))
                .hasMessage("Invalid value -1 for parameter 'metrics[2].timestamp' supplied: metric 'loss' "
                        + "(value=1.0). Timestamp must be a nonnegative long (64-bit integer) ");
        assertThat(Validation.metric(new MetricPoint("loss", 1.0, 0, -5))).isNotNull();
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
                .hasMessage("Missing value for required parameter 'name'.");
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
                .hasMessage("Invalid value \"../etc\" for parameter 'run_id' supplied.");
    }

    @Test
    void maxResults_shouldEnforceRange() {
        assertThat(Validation.maxResults(null, 1000, 50000)).isEqualTo(1000);
        assertThatThrownBy(() -> Validation.maxResults(0, 1000, 50000)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Validation.maxResults(50001, 1000, 50000))
                .isInstanceOf(InvalidParameterException.class);
    }
}

package dev.mlops.core.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.port.EventPublisher;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The alert thresholds at their boundaries: more than 5% is a WARNING, more than 10% CRITICAL. */
class PerformanceMonitorTest {

    private final PerformanceMonitor monitor = new PerformanceMonitor(null, EventPublisher.NONE,
            PerformanceMonitor.Settings.DEFAULT, () -> null, InstantSource.system());

    @ParameterizedTest
    @CsvSource({
        "0.9, 0.9, ",
        "0.9, 0.95, ",
        "0.9, 0.855, ",           // exactly 5%: not more than 5%
        "0.9, 0.8549, WARNING",
        "0.9, 0.81, WARNING",     // exactly 10%: a WARNING, not yet CRITICAL
        "0.9, 0.8099, CRITICAL",
        "0.8, 0.76, ",            // exactly 5% again, on another baseline
        "0.8, 0.72, WARNING",
        "0.8, 0.7199999, CRITICAL",
        "0.5, 0.0, CRITICAL",
    })
    void evaluate_shouldApplyTheThresholdsExactly(double baseline, double value, String expected) {
        PerformanceMonitor.Evaluation evaluation = monitor.evaluate(baseline, value);

        assertThat(evaluation.severity()).isEqualTo(Optional.ofNullable(expected).map(Severity::valueOf));
    }

    @Test
    void evaluate_shouldNotAlert_withoutAUsableBaseline() {
        assertThat(monitor.evaluate(0, 0.5).severity()).isEmpty();
        assertThat(monitor.evaluate(Double.NaN, 0.5).severity()).isEmpty();
        assertThat(monitor.evaluate(0.9, Double.NaN).severity()).isEmpty();
    }
}

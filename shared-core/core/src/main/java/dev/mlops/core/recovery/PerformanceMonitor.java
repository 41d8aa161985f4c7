package dev.mlops.core.recovery;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.Run;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.service.MetricsWatcher;
import dev.mlops.core.service.VersionSeeds;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Accuracy-drop alerts. A run tagged {@code mlops.evaluation.model_name} and {@code mlops.evaluation.model_version}
 * is an evaluation of that version; when it logs the model's monitored metric, the value is compared with the
 * version's baseline, the metric it was registered with ({@code mlops.metric.<metric>}). A relative drop of more
 * than the warning threshold publishes ModelPerformanceDegraded WARNING, more than the critical one CRITICAL; the
 * version is tagged {@code mlops.performance} (OK, WARNING, CRITICAL) with the detail, and with auto-rollback a
 * CRITICAL Production version is rolled back. Drops are computed in decimal from the values' shortest decimal
 * forms, so "exactly 5%" is exactly 5% and not an alert. Runs without the tags cost a map lookup.
 */
public final class PerformanceMonitor implements MetricsWatcher {

    private static final Logger LOG = Logger.getLogger(PerformanceMonitor.class);

    public static final String EVALUATED_MODEL_TAG = "mlops.evaluation.model_name";
    public static final String EVALUATED_VERSION_TAG = "mlops.evaluation.model_version";

    /**
     * @param metric       the monitored metric of every model not in {@code perModel}
     * @param warningDrop  a relative drop above this (0.05: 5%) is a WARNING
     * @param criticalDrop above this (0.10) CRITICAL
     */
    public record Settings(String metric, Map<String, String> perModel, BigDecimal warningDrop,
                           BigDecimal criticalDrop, boolean autoRollback) {
        public static final Settings DEFAULT = new Settings("accuracy", Map.of(), new BigDecimal("0.05"),
                new BigDecimal("0.10"), false);

        public Settings {
            perModel = Map.copyOf(perModel);
            if (warningDrop.compareTo(criticalDrop) > 0) {
                throw new IllegalArgumentException("the warning drop must not exceed the critical drop");
            }
        }

        public String metricFor(String model) {
            return perModel.getOrDefault(model, metric);
        }
    }

    /** One comparison: the drop relative to the baseline and what it amounts to (empty severity: within bounds). */
    public record Evaluation(double baseline, double value, BigDecimal drop, Optional<Severity> severity) {
    }

    private final RegistryStore registry;
    private final EventPublisher events;
    private final Settings settings;
    private final Supplier<ModelRollback> rollback;
    private final InstantSource clock;

    public PerformanceMonitor(RegistryStore registry, EventPublisher events, Settings settings,
                              Supplier<ModelRollback> rollback, InstantSource clock) {
        this.registry = registry;
        this.events = events;
        this.settings = settings;
        this.rollback = rollback;
        this.clock = clock;
    }

    @Override
    public void logged(Run run, List<MetricPoint> points) {
        String name = run.tags().get(EVALUATED_MODEL_TAG);
        String versionText = run.tags().get(EVALUATED_VERSION_TAG);
        if (name == null || versionText == null) {
            return;
        }
        String metric = settings.metricFor(name);
        Optional<MetricPoint> latest = points.stream().filter(p -> p.key().equals(metric))
                .max(Comparator.comparingLong(MetricPoint::step).thenComparingLong(MetricPoint::timestamp));
        if (latest.isEmpty()) {
            return;
        }
        int number;
        try {
            number = Integer.parseInt(versionText.trim());
        } catch (NumberFormatException notAVersion) {
            return;
        }
        Optional<ModelVersion> version = registry.getVersion(name, number);
        Optional<Double> baseline = version.map(v -> v.tags().get(VersionSeeds.METRIC_PREFIX + metric))
                .flatMap(PerformanceMonitor::parse);
        if (baseline.isEmpty()) {
            return; // registered without that metric: nothing to compare with
        }
        Evaluation evaluation = evaluate(baseline.get(), latest.get().value());
        record(version.get(), metric, evaluation, run.runId());
    }

    /** The comparison alone, for the thresholds' tests and for reports. */
    public Evaluation evaluate(double baseline, double value) {
        if (!Double.isFinite(baseline) || !Double.isFinite(value) || baseline == 0) {
            return new Evaluation(baseline, value, BigDecimal.ZERO, Optional.empty());
        }
        BigDecimal base = BigDecimal.valueOf(baseline);
        BigDecimal drop = base.subtract(BigDecimal.valueOf(value)).divide(base.abs(), MathContext.DECIMAL64);
        Optional<Severity> severity = drop.compareTo(settings.criticalDrop()) > 0 ? Optional.of(Severity.CRITICAL)
                : drop.compareTo(settings.warningDrop()) > 0 ? Optional.of(Severity.WARNING) : Optional.empty();
        return new Evaluation(baseline, value, drop, severity);
    }

    private void record(ModelVersion version, String metric, Evaluation evaluation, String runId) {
        String detail = metric + " " + evaluation.value() + " against baseline " + evaluation.baseline() + " ("
                + evaluation.drop().movePointRight(2).stripTrailingZeros().toPlainString() + "% drop) in run " + runId;
        String mark = evaluation.severity().map(Severity::name).orElse("OK");
        long now = clock.millis();
        registry.setVersionTag(version.name(), version.version(), StateVerifier.PERFORMANCE_TAG, mark, now);
        registry.setVersionTag(version.name(), version.version(), StateVerifier.PERFORMANCE_DETAIL_TAG, detail, now);
        if (evaluation.severity().isEmpty()) {
            return;
        }
        Severity severity = evaluation.severity().get();
        LOG.warnf("Model %s version %d degraded (%s): %s", version.name(), version.version(), severity, detail);
        events.publish(new DomainEvent.ModelPerformanceDegraded(version.name(), version.version(), metric,
                evaluation.baseline(), evaluation.value(), evaluation.drop().doubleValue(), severity.name(), runId,
                now));
        events.flush();
        if (severity == Severity.CRITICAL && settings.autoRollback() && version.stage() == ModelStage.PRODUCTION) {
            try {
                rollback.get().rollBack(version.name(), null, "automatic: " + detail);
            } catch (RuntimeException e) {
                LOG.errorf("Automatic rollback of %s failed: %s", version.name(), e.getMessage());
            }
        }
    }

    private static Optional<Double> parse(String text) {
        try {
            return Optional.of(Double.parseDouble(text));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }
}

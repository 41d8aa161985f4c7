package dev.mlops.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.util.Optional;

/** Accuracy-drop alerts (dev.mlops.core.recovery.PerformanceMonitor). */
@ConfigMapping(prefix = "mlops.alerts")
public interface AlertsConfig {

    /** The metric monitored for every model without its own. */
    @WithDefault("accuracy")
    String metric();

    /** Per-model metrics, e.g. {@code fraud-detector=recall, churn=auc}. */
    Optional<String> modelMetrics();

    /** A drop of more than this fraction of the baseline is a WARNING. */
    @WithDefault("0.05")
    BigDecimal warningDrop();

    /** More than this, CRITICAL. */
    @WithDefault("0.10")
    BigDecimal criticalDrop();

    /** Roll Production back automatically when its evaluation drops past the critical threshold. */
    @WithDefault("false")
    boolean autoRollback();
}

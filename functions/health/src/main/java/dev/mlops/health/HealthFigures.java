package dev.mlops.health;

import dev.mlops.core.health.CheckResult;
import dev.mlops.core.health.ReadinessReport;
import dev.mlops.telemetry.EmfLine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report as CloudWatch metrics: {@code health.ready} (1 or 0), {@code health.<check>.level} (0 UP, 1 WARNING,
 * 2 DOWN) and every numeric figure a check reported as {@code health.<check>.<figure>} (for example
 * {@code health.lake.oldest_buffer_age_seconds}, {@code health.events.recent_failures}).
 */
final class HealthFigures {

    private HealthFigures() {
    }

    static Map<String, Number> of(ReadinessReport report) {
        Map<String, Number> figures = new LinkedHashMap<>();
        figures.put("health.ready", report.ready() ? 1 : 0);
        for (CheckResult check : report.checks()) {
            figures.put("health." + check.name() + ".level", check.level().ordinal());
            check.data().forEach((key, value) -> {
                if (value instanceof Number number && figures.size() < EmfLine.MAX_METRICS) {
                    figures.put("health." + check.name() + "." + key, number);
                }
            });
        }
        return figures;
    }

    static EmfLine line(String namespace, String function, Map<String, Number> figures) {
        EmfLine line = new EmfLine(namespace, Map.of("function", function));
        figures.forEach((name, value) -> line.metric(name, value, unit(name)));
        return line;
    }

    private static String unit(String figure) {
        if (figure.endsWith("_bytes")) {
            return "Bytes";
        }
        if (figure.endsWith("_seconds")) {
            return "Seconds";
        }
        if (figure.endsWith("_ms")) {
            return "Milliseconds";
        }
        if (figure.endsWith("_percent")) {
            return "Percent";
        }
        return figure.endsWith(".level") || figure.endsWith(".ready") ? "None" : "Count";
    }
}

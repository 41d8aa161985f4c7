package dev.mlops.core.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One check's outcome: its name, its level, a sentence saying why, and the figures behind it. Data values are
 * strings, booleans or numbers (longs and doubles); numbers are what the health function emits as metrics.
 */
public record CheckResult(String name, HealthLevel level, String message, Map<String, Object> data) {

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        message = message == null ? "" : message;
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A check that could not run at all is down, and says what stopped it. */
    public static CheckResult failed(String name, RuntimeException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CheckResult(name, HealthLevel.DOWN, "the check failed: " + detail, Map.of());
    }
}

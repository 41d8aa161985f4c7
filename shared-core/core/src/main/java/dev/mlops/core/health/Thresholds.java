package dev.mlops.core.health;

/**
 * A figure's warning and critical limits: at or above {@code warning} the check warns, at or above {@code critical}
 * it is down. Both are in the figure's own unit (a fraction, seconds, a count).
 */
public record Thresholds(double warning, double critical) {

    public Thresholds {
        if (!(warning >= 0) || !(critical >= warning)) {
            throw new IllegalArgumentException("thresholds need 0 <= warning <= critical, got warning=" + warning
                    + ", critical=" + critical);
        }
    }

    /** Percent limits (90, 95) as fractions (0.90, 0.95); a percentage above 100 is refused. */
    public static Thresholds percent(double warningPercent, double criticalPercent) {
        if (criticalPercent > 100) {
            throw new IllegalArgumentException("a percentage cannot exceed 100: " + criticalPercent);
        }
        return new Thresholds(warningPercent / 100, criticalPercent / 100);
    }

    public HealthLevel level(double value) {
        if (value >= critical) {
            return HealthLevel.DOWN;
        }
        return value >= warning ? HealthLevel.WARNING : HealthLevel.UP;
    }
}

package dev.mlops.core.health;

import java.util.Locale;

/** Fractions shown as percentages with one decimal, in data (a number) and in messages (text). */
final class Percent {

    private Percent() {
    }

    static double of(double fraction) {
        return Math.round(fraction * 1000) / 10.0;
    }

    static String text(double fraction) {
        return String.format(Locale.ROOT, "%.1f", of(fraction));
    }

    /** The summary, plus which limit it passed when it passed one. */
    static String judged(String summary, HealthLevel level, Thresholds limits) {
        return switch (level) {
            case UP -> summary;
            case WARNING -> summary + " (warning at " + text(limits.warning()) + "%)";
            case DOWN -> summary + " (critical at " + text(limits.critical()) + "%)";
        };
    }
}

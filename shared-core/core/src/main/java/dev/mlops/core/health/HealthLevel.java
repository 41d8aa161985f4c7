package dev.mlops.core.health;

/**
 * How one check, or the whole service, stands. {@code WARNING} keeps the service ready (readiness stays UP and the
 * check's data says why); {@code DOWN} makes it not ready.
 */
public enum HealthLevel {
    UP, WARNING, DOWN;

    public HealthLevel worse(HealthLevel other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** What readiness answers: a warning is still ready. */
    public boolean ready() {
        return this != DOWN;
    }
}

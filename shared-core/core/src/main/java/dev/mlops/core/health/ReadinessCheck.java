package dev.mlops.core.health;

/**
 * One named readiness check (storage, lake, disk, memory, events). Implementations report what they find; they
 * may throw, and {@link ReadinessChecks} turns that into a DOWN result naming the failure.
 */
public interface ReadinessCheck {

    String name();

    CheckResult check();
}

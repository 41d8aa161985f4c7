package dev.mlops.core.port;

import java.util.Optional;

/**
 * The overall status the health monitor last recorded, kept durably so that a change (UP to DOWN and back) is
 * announced once, even when monitors run in fresh processes or two of them overlap.
 */
public interface HealthStatusStore {

    /** A status ({@code UP} or {@code DOWN}) and when it began, epoch millis. */
    record Recorded(String status, long since) {
    }

    Optional<Recorded> last();

    /**
     * Stores {@code next} if the stored record still has {@code expected}'s status (empty: nothing stored yet);
     * false when another monitor changed it first, in which case that monitor announces the change.
     */
    boolean replace(Optional<Recorded> expected, Recorded next);
}

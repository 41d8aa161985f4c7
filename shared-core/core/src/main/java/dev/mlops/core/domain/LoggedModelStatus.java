package dev.mlops.core.domain;

import dev.mlops.core.error.InvalidParameterException;

/**
 * Where a logged model's upload stands. The client creates the model PENDING, uploads its files and then finalizes it
 * READY, or UPLOAD_FAILED when the upload threw. The wire names carry MLflow's {@code LOGGED_MODEL_} prefix.
 */
public enum LoggedModelStatus {
    PENDING,
    READY,
    UPLOAD_FAILED;

    private static final String PREFIX = "LOGGED_MODEL_";

    public String wire() {
        return PREFIX + name();
    }

    /**
     * Reads a wire name. The short form ({@code READY}) is accepted as well, because search filters written by hand use
     * it; UNSPECIFIED and anything else are invalid.
     */
    public static LoggedModelStatus fromWire(String value) {
        if (value != null) {
            String bare = value.startsWith(PREFIX) ? value.substring(PREFIX.length()) : value;
            for (LoggedModelStatus status : values()) {
                if (status.name().equals(bare)) {
                    return status;
                }
            }
        }
        throw new InvalidParameterException("Invalid logged model status '" + value + "'. Valid values are "
                + "LOGGED_MODEL_PENDING, LOGGED_MODEL_READY and LOGGED_MODEL_UPLOAD_FAILED.");
    }
}

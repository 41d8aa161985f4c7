package dev.mlops.core.error;

/**
 * A dependency is failing (circuit open, throttled past retries): nothing was done. 503, so the mlflow client
 * retries, which is safe because every write is idempotent.
 */
public final class TemporarilyUnavailableException extends MlopsException {

    public TemporarilyUnavailableException(String message, Throwable cause) {
        super(ErrorCode.TEMPORARILY_UNAVAILABLE, message, cause);
    }
}

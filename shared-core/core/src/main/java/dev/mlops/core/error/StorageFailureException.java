package dev.mlops.core.error;

/** The store failed; the write did not happen. */
public final class StorageFailureException extends MlopsException {

    public StorageFailureException(String message) {
        super(ErrorCode.INTERNAL_ERROR, message, null);
    }

    public StorageFailureException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL_ERROR, message, cause);
    }
}

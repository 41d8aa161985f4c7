package dev.mlops.core.error;

/** The store has no room for the write; nothing was written. */
public final class StorageFullException extends MlopsException {

    public StorageFullException(String message) {
        super(ErrorCode.RESOURCE_EXHAUSTED, message, null);
    }

    public StorageFullException(String message, Throwable cause) {
        super(ErrorCode.RESOURCE_EXHAUSTED, message, cause);
    }
}

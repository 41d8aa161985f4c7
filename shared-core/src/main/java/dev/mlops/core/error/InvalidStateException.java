package dev.mlops.core.error;

/** The request conflicts with the resource's state. */
public final class InvalidStateException extends MlopsException {

    public InvalidStateException(String message) {
        super(ErrorCode.INVALID_STATE, message, null);
    }

    public InvalidStateException(String message, Throwable cause) {
        super(ErrorCode.INVALID_STATE, message, cause);
    }
}

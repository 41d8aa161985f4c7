package dev.mlops.core.error;

/** The backend in use lacks an optional ability (for example presigned transfers on the local store). */
public final class NotSupportedException extends MlopsException {

    public NotSupportedException(String message) {
        super(ErrorCode.NOT_IMPLEMENTED, message, null);
    }
}

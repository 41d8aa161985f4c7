package dev.mlops.core.error;

/** An id or name that names nothing. */
public final class ResourceNotFoundException extends MlopsException {

    public ResourceNotFoundException(String message) {
        super(ErrorCode.RESOURCE_DOES_NOT_EXIST, message, null);
    }

    public ResourceNotFoundException(String message, Throwable cause) {
        super(ErrorCode.RESOURCE_DOES_NOT_EXIST, message, cause);
    }
}

package dev.mlops.core.error;

/** A unique name is taken. */
public final class ResourceAlreadyExistsException extends MlopsException {

    public ResourceAlreadyExistsException(String message) {
        super(ErrorCode.RESOURCE_ALREADY_EXISTS, message, null);
    }

    public ResourceAlreadyExistsException(String message, Throwable cause) {
        super(ErrorCode.RESOURCE_ALREADY_EXISTS, message, cause);
    }
}

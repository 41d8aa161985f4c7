package dev.mlops.core.error;

/**
 * The one failure type services and adapters throw. Each subtype carries a stable MLflow error code; the HTTP edge
 * maps the code to a status in one place. Adapters translate vendor exceptions into these at their boundary.
 */
public abstract sealed class MlopsException extends RuntimeException
        permits InvalidParameterException, ResourceNotFoundException, ResourceAlreadyExistsException,
        StorageFullException, StorageFailureException, LimitExceededException,
        NotSupportedException, TemporarilyUnavailableException, OutcomeUnknownException,
        PermissionDeniedException {

    private final ErrorCode code;

    protected MlopsException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}

package dev.mlops.core.error;

/** A request larger than a documented limit (body size, batch size); nothing was written. */
public final class LimitExceededException extends MlopsException {

    public LimitExceededException(String message) {
        super(ErrorCode.RESOURCE_LIMIT_EXCEEDED, message, null);
    }
}

package dev.mlops.core.error;

/** Bad input: nothing was written. */
public final class InvalidParameterException extends MlopsException {

    public InvalidParameterException(String message) {
        super(ErrorCode.INVALID_PARAMETER_VALUE, message, null);
    }

    public InvalidParameterException(String message, Throwable cause) {
        super(ErrorCode.INVALID_PARAMETER_VALUE, message, cause);
    }
}

package dev.mlops.core.error;

/** Bad input: nothing was written. */
public final class InvalidParameterException extends MlopsException {

    public InvalidParameterException(String message) {
        super(ErrorCode.INVALID_PARAMETER_VALUE, message, null);
    }

    public InvalidParameterException(String message, Throwable cause) {
        super(ErrorCode.INVALID_PARAMETER_VALUE, message, cause);
    }

    /** MLflow answers some malformed requests with BAD_REQUEST rather than INVALID_PARAMETER_VALUE (both 400). */
    public static InvalidParameterException badRequest(String message) {
        return new InvalidParameterException(ErrorCode.BAD_REQUEST, message);
    }

    private InvalidParameterException(ErrorCode code, String message) {
        super(code, message, null);
    }
}

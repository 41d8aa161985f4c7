package dev.mlops.core.error;

/** MLflow's error codes (databricks.proto) with the HTTP status the MLflow server answers with. */
public enum ErrorCode {
    INTERNAL_ERROR(500),
    TEMPORARILY_UNAVAILABLE(503),
    IO_ERROR(500),
    BAD_REQUEST(400),
    INVALID_PARAMETER_VALUE(400),
    ENDPOINT_NOT_FOUND(404),
    MALFORMED_REQUEST(400),
    INVALID_STATE(500),
    PERMISSION_DENIED(403),
    FEATURE_DISABLED(501),
    CUSTOMER_UNAUTHORIZED(401),
    REQUEST_LIMIT_EXCEEDED(429),
    RESOURCE_ALREADY_EXISTS(400),
    RESOURCE_DOES_NOT_EXIST(404),
    QUOTA_EXCEEDED(429),
    MAX_BLOCK_SIZE_EXCEEDED(400),
    MAX_READ_SIZE_EXCEEDED(400),
    DRY_RUN_FAILED(400),
    RESOURCE_LIMIT_EXCEEDED(400),
    NOT_IMPLEMENTED(501),
    UNAUTHENTICATED(401),
    CANCELLED(499),
    UNKNOWN(500),
    DEADLINE_EXCEEDED(504),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    RESOURCE_CONFLICT(409),
    ABORTED(409),
    RESOURCE_EXHAUSTED(429),
    DATA_LOSS(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

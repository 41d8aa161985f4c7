package dev.mlops.core.error;

/** The caller may not do this here, for example incident simulation while {@code mlops.incidents.enabled} is off. */
public final class PermissionDeniedException extends MlopsException {

    public PermissionDeniedException(String message) {
        super(ErrorCode.PERMISSION_DENIED, message, null);
    }
}

package dev.mlops.aws.s3;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.MlopsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into the core's typed errors at the adapter boundary. */
final class S3Failures {

    private S3Failures() {
    }

    static boolean isNotFound(SdkException e) {
        return e instanceof AwsServiceException aws && aws.statusCode() == 404;
    }

    static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    /** A failure of {@code action} (e.g. "read artifact 'a/b'"); 404 becomes not-found, client errors invalid input. */
    static MlopsException translate(String action, SdkException e) {
        String code = errorCode(e);
        if (isNotFound(e)) {
            return new ResourceNotFoundException("Could not " + action + ": it does not exist (" + code + ").", e);
        }
        return switch (code) {
            case "InvalidPart", "InvalidPartOrder", "EntityTooSmall", "EntityTooLarge", "InvalidArgument",
                 "InvalidRequest", "KeyTooLongError" ->
                    new InvalidParameterException("Could not " + action + ": " + code + ".", e);
            default -> new StorageFailureException("Could not " + action + ": S3 answered " + code + ".", e);
        };
    }
}

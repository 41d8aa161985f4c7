package dev.mlops.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The answers moto does not give (it fails NoSuchUpload with a 500), checked on hand-made SDK exceptions. */
class S3FailuresTest {

    @Test
    void translate_shouldGiveNotFound_whenS3AnswersNoSuchUpload() {
        var e = s3Error(404, "NoSuchUpload");

        assertThat(S3Failures.translate("complete", e)).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("NoSuchUpload");
    }

    @Test
    void translate_shouldGiveInvalidParameter_whenPartsAreWrong() {
        assertThat(S3Failures.translate("complete", s3Error(400, "InvalidPart")))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(S3Failures.translate("complete", s3Error(400, "EntityTooSmall")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void translate_shouldGiveStorageFailure_whenS3OrNetworkFails() {
        assertThat(S3Failures.translate("put", s3Error(503, "SlowDown")))
                .isInstanceOf(StorageFailureException.class).hasMessageContaining("SlowDown");
        assertThat(S3Failures.translate("put", SdkClientException.create("connection refused")))
                .isInstanceOf(StorageFailureException.class);
    }

    private static S3Exception s3Error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
    }
}

package dev.mlops.aws.s3;

import dev.mlops.core.domain.ContentId;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.ingest.ObjectFacts;
import dev.mlops.core.ingest.ObjectReader;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The ingestion bucket over the S3 API: HeadObject for facts, a streamed GetObject for the SHA-256 (constant memory
 * at any size), and small whole reads for sidecars. Reads are pinned to the version id, or to the ETag with
 * If-Match when the bucket is unversioned, so the hash is of exactly the object the facts describe.
 */
public final class S3ObjectReader implements ObjectReader {

    private static final int BUFFER = 256 * 1024;

    private final S3Client s3;

    public S3ObjectReader(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Optional<ObjectFacts> head(String bucket, String key, String versionId) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId));
            return Optional.of(new ObjectFacts(bucket, key, head.versionId(), head.eTag(), head.contentLength()));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Failures.translate("inspect s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public Optional<String> sha256(ObjectFacts facts) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(facts.bucket()).key(facts.key());
        if (facts.versionId() != null) {
            request.versionId(facts.versionId());
        } else if (facts.eTag() != null) {
            request.ifMatch('"' + facts.eTag() + '"');
        }
        String where = "s3://" + facts.bucket() + "/" + facts.key();
        try (ResponseInputStream<GetObjectResponse> body = s3.getObject(request.build())) {
            MessageDigest digest = ContentId.sha256();
            byte[] buffer = new byte[BUFFER];
            long read = 0;
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                digest.update(buffer, 0, n);
                read += n;
            }
            if (read != facts.size()) {
                throw new StorageFailureException("Read " + read + " bytes of " + where + " but it has "
                        + facts.size() + ".", null);
            }
            return Optional.of(HexFormat.of().formatHex(digest.digest()));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e) || preconditionFailed(e)) {
                return Optional.empty();
            }
            throw S3Failures.translate("read " + where, e);
        } catch (IOException e) {
            throw new StorageFailureException("Could not read " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> readSmall(String bucket, String key, int maxBytes) {
        String where = "s3://" + bucket + "/" + key;
        try (ResponseInputStream<GetObjectResponse> body = s3.getObject(b -> b.bucket(bucket).key(key))) {
            Long length = body.response().contentLength();
            if (length != null && length > maxBytes) {
                body.abort(); // do not drain a large body just to close the connection cleanly
                throw tooLarge(where, maxBytes);
            }
            byte[] content = body.readNBytes(maxBytes + 1);
            if (content.length > maxBytes) {
                throw tooLarge(where, maxBytes);
            }
            return Optional.of(content);
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Failures.translate("read " + where, e);
        } catch (IOException e) {
            throw new StorageFailureException("Could not read " + where + ": " + e.getMessage(), e);
        }
    }

    private static boolean preconditionFailed(SdkException e) {
        return e instanceof AwsServiceException aws && aws.statusCode() == 412;
    }

    private static InvalidParameterException tooLarge(String where, int maxBytes) {
        return new InvalidParameterException(where + " is larger than " + maxBytes + " bytes.");
    }
}

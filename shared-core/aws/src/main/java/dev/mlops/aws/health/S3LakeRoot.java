package dev.mlops.aws.health;

import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.health.LakeRoot;
import java.net.URI;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An {@code s3a://bucket/prefix} (or {@code s3://}) lake root, probed with one ListObjectsV2 of at most one key, so
 * the health function needs no Hadoop. An unreachable endpoint or a missing bucket throws.
 */
public final class S3LakeRoot implements LakeRoot {

    private final S3Client s3;
    private final String uri;
    private final String bucket;
    private final String prefix;

    public S3LakeRoot(S3Client s3, String uri) {
        URI parsed = URI.create(uri);
        if (!"s3a".equals(parsed.getScheme()) && !"s3".equals(parsed.getScheme()) || parsed.getHost() == null) {
            throw new IllegalArgumentException("not an s3a:// or s3:// lake root: " + uri);
        }
        this.s3 = s3;
        this.uri = uri;
        this.bucket = parsed.getHost();
        String path = parsed.getPath() == null ? "" : parsed.getPath().replaceAll("^/+|/+$", "");
        this.prefix = path.isEmpty() ? "" : path + "/";
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public boolean exists() {
        try {
            return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)).keyCount() > 0;
        } catch (AwsServiceException e) {
            throw new StorageFailureException("bucket " + bucket + " is " + (e.statusCode() == 404 ? "MISSING"
                    : AwsStorageCheck.unreachable(e)), e);
        } catch (SdkException e) {
            throw new StorageFailureException("bucket " + bucket + " is " + AwsStorageCheck.unreachable(e), e);
        }
    }
}

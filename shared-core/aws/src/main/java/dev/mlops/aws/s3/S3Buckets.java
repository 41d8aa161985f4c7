package dev.mlops.aws.s3;

import dev.mlops.aws.AwsSettings;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Provisioning for local runs and tests; in AWS the bucket comes from infrastructure code. */
public final class S3Buckets {

    private S3Buckets() {
    }

    /** Creates the settings' bucket unless it exists; returns whether it was created. */
    public static boolean createIfMissing(S3Client s3, AwsSettings settings) {
        String bucket = settings.bucket();
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return false;
        } catch (NoSuchBucketException e) {
            // fall through to create
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        try {
            if ("us-east-1".equals(settings.region())) { // the one region that refuses a location constraint
                s3.createBucket(b -> b.bucket(bucket));
            } else {
                s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(
                        CreateBucketConfiguration.builder().locationConstraint(settings.region()).build()));
            }
            s3.waiter().waitUntilBucketExists(b -> b.bucket(bucket));
            return true;
        } catch (BucketAlreadyOwnedByYouException e) {
            return false; // created concurrently
        }
    }

    /**
     * Turns versioning on: snapshots reference object versions (docs/recovery.md). Infrastructure code does this for
     * deployed buckets; {@code --create-resources} does it for emulators and first-time dev buckets. Enabling it twice
     * changes nothing.
     */
    public static void enableVersioning(S3Client s3, String bucket) {
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(
                software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED)));
    }
}

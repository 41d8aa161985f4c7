package dev.mlops.aws.s3;

import dev.mlops.core.error.StorageFailureException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Deletes every object under a prefix with batch DeleteObjects (S3 takes at most 1,000 keys per call). */
final class S3ObjectDeleter {

    static final int BATCH = 1000;

    private final S3Client s3;
    private final String bucket;

    S3ObjectDeleter(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Returns how many objects were deleted; throws when S3 refused any of them. */
    long deleteAllUnder(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("Refusing to delete a whole bucket");
        }
        long deleted = 0;
        List<ObjectIdentifier> batch = new ArrayList<>(BATCH);
        // Each page holds at most 1,000 keys, so deleting page by page keeps batches within the limit.
        for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
            for (S3Object object : page.contents()) {
                batch.add(ObjectIdentifier.builder().key(object.key()).build());
                if (batch.size() == BATCH) {
                    deleted += deleteBatch(batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            deleted += deleteBatch(batch);
        }
        return deleted;
    }

    private int deleteBatch(List<ObjectIdentifier> batch) {
        DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(bucket)
                .delete(d -> d.objects(batch).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new StorageFailureException("S3 refused to delete " + response.errors().size() + " of "
                    + batch.size() + " objects (first: " + first.code() + ").");
        }
        return batch.size();
    }
}

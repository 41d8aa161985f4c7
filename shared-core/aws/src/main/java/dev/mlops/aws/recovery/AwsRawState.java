package dev.mlops.aws.recovery;

import dev.mlops.aws.dynamo.DynamoRecords;
import dev.mlops.aws.s3.S3Versions;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.recovery.RawState;
import dev.mlops.core.recovery.RecordRef;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The bucket's objects by part and key, and the tables' records. S3 has no in-place write: an overwrite is a new
 * current version (which is exactly what a bad upload does), and object times cannot be set back.
 */
final class AwsRawState implements RawState {

    private final S3Versions s3;
    private final DynamoRecords records;
    /** key prefix by part name */
    private final Map<String, String> prefixes;

    AwsRawState(S3Versions s3, DynamoRecords records, Map<String, String> prefixes) {
        this.s3 = s3;
        this.records = records;
        this.prefixes = Map.copyOf(prefixes);
    }

    @Override
    public Optional<InputStream> open(String part, String path) {
        check(part, path);
        try {
            return Optional.of(s3.client().getObject(b -> b.bucket(s3.bucket()).key(path)));
        } catch (NoSuchKeyException gone) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new StorageFailureException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ObjectInfo> list(String part, String prefix) {
        check(part, prefix);
        return s3.current(prefix).stream().map(v -> new ObjectInfo(v.key(), v.size(), v.lastModified())).toList();
    }

    @Override
    public void overwrite(String part, String path, byte[] content) {
        check(part, path);
        s3.client().putObject(b -> b.bucket(s3.bucket()).key(path), RequestBody.fromBytes(content));
    }

    @Override
    public void delete(String part, String path) {
        check(part, path);
        s3.client().deleteObject(b -> b.bucket(s3.bucket()).key(path));
    }

    @Override
    public void deleteRecord(RecordRef ref) {
        records.delete(ref);
    }

    @Override
    public boolean backdate(String part, String path, long millis) {
        return false;
    }

    @Override
    public boolean backdateBuffer(String runId, long millis) {
        return records.backdateBuffer(runId, millis);
    }

    private void check(String part, String path) {
        String prefix = prefixes.get(part);
        if (prefix == null || !path.startsWith(prefix) || path.contains("..")) {
            throw new IllegalArgumentException(path + " is not in part " + part);
        }
    }
}

package dev.mlops.aws.s3;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.recovery.Digests;
import dev.mlops.core.recovery.SnapshotManifest;
import dev.mlops.core.recovery.SnapshotStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Snapshots under {@code s3://<bucket>/snapshots/}: part documents gzip-compressed at
 * {@code parts/<sha256 of the plain document>.jsonl.gz} and manifests at {@code manifests/<id>.json}. Deleting a
 * manifest or a document removes every version of it, so the versioned bucket does not keep dead snapshots.
 */
public final class S3SnapshotStore implements SnapshotStore {

    private static final Logger LOG = Logger.getLogger(S3SnapshotStore.class);
    static final String ROOT = "snapshots/";
    private static final String PARTS = ROOT + "parts/";
    private static final String MANIFESTS = ROOT + "manifests/";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final S3Versions s3;

    public S3SnapshotStore(S3Versions s3) {
        this.s3 = s3;
    }

    @Override
    public String putDocument(byte[] document) {
        String sha = Digests.sha256Hex(document);
        String key = PARTS + sha + ".jsonl.gz";
        try {
            if (!exists(key)) {
                s3.client().putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromBytes(
                        S3Versions.gzip(document)));
            }
        } catch (SdkException e) {
            throw S3Failures.translate("store a snapshot document", e);
        }
        return sha;
    }

    @Override
    public byte[] readDocument(String sha256) {
        try {
            return S3Versions.gunzip(s3.client().getObjectAsBytes(b -> b.bucket(s3.bucket())
                    .key(PARTS + sha256 + ".jsonl.gz")).asByteArray());
        } catch (NoSuchKeyException e) {
            throw new StorageFailureException("Snapshot document " + sha256 + " is missing from s3://" + s3.bucket()
                    + "/" + PARTS, e);
        } catch (SdkException e) {
            throw S3Failures.translate("read snapshot document " + sha256, e);
        }
    }

    @Override
    public void putManifest(SnapshotManifest manifest) {
        try {
            byte[] json = JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
            s3.client().putObject(b -> b.bucket(s3.bucket()).key(MANIFESTS + manifest.id() + ".json")
                    .contentType("application/json"), RequestBody.fromBytes(json));
        } catch (IOException e) {
            throw new StorageFailureException("Cannot encode the manifest of " + manifest.id(), e);
        } catch (SdkException e) {
            throw S3Failures.translate("store the manifest of " + manifest.id(), e);
        }
    }

    @Override
    public Optional<SnapshotManifest> manifest(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,128}")) {
            return Optional.empty();
        }
        try {
            byte[] json = s3.client().getObjectAsBytes(b -> b.bucket(s3.bucket()).key(MANIFESTS + id + ".json"))
                    .asByteArray();
            return Optional.of(JSON.readValue(json, SnapshotManifest.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageFailureException("The manifest of snapshot " + id + " is damaged", e);
        } catch (SdkException e) {
            throw S3Failures.translate("read the manifest of " + id, e);
        }
    }

    @Override
    public List<SnapshotManifest> manifests() {
        List<SnapshotManifest> all = new ArrayList<>();
        for (String key : keys(MANIFESTS)) {
            String id = key.substring(MANIFESTS.length(), key.length() - ".json".length());
            try {
                manifest(id).ifPresent(all::add);
            } catch (StorageFailureException damaged) {
                LOG.errorf("Skipping snapshot %s: %s", id, damaged.getMessage());
            }
        }
        all.sort(SnapshotManifest.NEWEST_FIRST);
        return all;
    }

    @Override
    public void deleteManifest(String id) {
        purge(MANIFESTS + id + ".json");
    }

    @Override
    public long collectGarbage(Set<String> keep) {
        long freed = 0;
        for (S3Versions.Version v : s3.current(PARTS)) {
            String sha = v.key().substring(PARTS.length()).replace(".jsonl.gz", "");
            if (!keep.contains(sha)) {
                freed += v.size();
                purge(v.key());
            }
        }
        return freed;
    }

    @Override
    public long storedBytes() {
        return s3.list(ROOT).stream().mapToLong(S3Versions.Version::size).sum();
    }

    /** Deletes every version (and delete marker) of one key. */
    private void purge(String key) {
        try {
            for (S3Versions.Version v : s3.list(key)) {
                if (v.key().equals(key)) {
                    s3.client().deleteObject(b -> b.bucket(s3.bucket()).key(key).versionId(v.versionId()));
                }
            }
        } catch (SdkException e) {
            throw S3Failures.translate("delete " + key, e);
        }
    }

    private boolean exists(String key) {
        try {
            s3.client().headObject(b -> b.bucket(s3.bucket()).key(key));
            return true;
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }

    private List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (ListObjectsV2Response page : s3.client().listObjectsV2Paginator(b -> b.bucket(s3.bucket())
                .prefix(prefix))) {
            page.contents().stream().map(S3Object::key).forEach(keys::add);
        }
        return keys;
    }
}

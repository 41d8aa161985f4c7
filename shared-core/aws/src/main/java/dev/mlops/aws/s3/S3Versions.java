package dev.mlops.aws.s3;

import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.recovery.Digests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Object versions of the bucket and their SHA-256. An S3 version never changes, so its digest is worked out once
 * (the {@code sha256} metadata our artifact store writes, else by reading it) and kept in an index under
 * {@code snapshots/hash-index.json.gz}: a daily snapshot of an unchanged bucket reads no object bytes.
 */
public final class S3Versions {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String INDEX_KEY = "snapshots/hash-index.json.gz";

    private final S3Client s3;
    private final String bucket;
    private final Map<String, String> index = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    public S3Versions(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public S3Client client() {
        return s3;
    }

    public String bucket() {
        return bucket;
    }

    /** One version of an object as listed. */
    public record Version(String key, String versionId, long size, long lastModified, boolean latest,
                          boolean deleteMarker) {
    }

    /** Every version and delete marker under the prefix, newest first per key. */
    public List<Version> list(String prefix) {
        List<Version> all = new ArrayList<>();
        try {
            for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket)
                    .prefix(prefix))) {
                for (ObjectVersion v : page.versions()) {
                    all.add(new Version(v.key(), v.versionId(), v.size(), v.lastModified().toEpochMilli(),
                            Boolean.TRUE.equals(v.isLatest()), false));
                }
                page.deleteMarkers().forEach(m -> all.add(new Version(m.key(), m.versionId(), 0,
                        m.lastModified().toEpochMilli(), Boolean.TRUE.equals(m.isLatest()), true)));
            }
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw S3Failures.translate("list object versions under " + prefix, e);
        }
        all.sort(java.util.Comparator.comparing(Version::key)
                .thenComparing(java.util.Comparator.comparingLong(Version::lastModified).reversed()));
        return all;
    }

    /** The current, non-deleted objects under the prefix. */
    public List<Version> current(String prefix) {
        return list(prefix).stream().filter(v -> v.latest() && !v.deleteMarker()).toList();
    }

    /** The digest of one version: from the index, our metadata, or the bytes. */
    public String sha256(String key, String versionId) {
        load();
        String cached = index.get(key + "\n" + versionId);
        if (cached != null) {
            return cached;
        }
        String sha;
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId));
            sha = head.metadata().get(S3ArtifactStore.SHA256_METADATA);
            if (sha == null) {
                try (InputStream in = open(key, versionId)) {
                    sha = Digests.sha256(in).sha256();
                }
            }
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read " + key + " version " + versionId + ": " + e.getMessage(),
                    e);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw S3Failures.translate("read " + key + " version " + versionId, e);
        }
        index.put(key + "\n" + versionId, sha);
        return sha;
    }

    /** The digest computed from the bytes, never from the index or metadata: what snapshot verify needs. */
    public String hashBytes(String key, String versionId) {
        try (InputStream in = open(key, versionId)) {
            return Digests.sha256(in).sha256();
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    public InputStream open(String key, String versionId) {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key).versionId(versionId));
        } catch (NoSuchKeyException e) {
            throw new StorageFailureException("Object " + key + " version " + versionId + " is gone", e);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw S3Failures.translate("read " + key + " version " + versionId, e);
        }
    }

    /** Copies a stored version onto its own key: it becomes the current version again, bytes and metadata alike. */
    public String makeCurrent(String key, String versionId) {
        try {
            return s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).sourceVersionId(versionId)
                    .destinationBucket(bucket).destinationKey(key)).versionId();
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw S3Failures.translate("restore " + key + " version " + versionId, e);
        }
    }

    /** Persists the index; entries of versions that no longer exist are simply never asked for again. */
    public void save() {
        load();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, new HashMap<>(index));
        } catch (IOException e) {
            throw new StorageFailureException("Cannot encode the hash index", e);
        }
        s3.putObject(b -> b.bucket(bucket).key(INDEX_KEY), RequestBody.fromBytes(bytes.toByteArray()));
    }

    private void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            try (InputStream in = new GZIPInputStream(s3.getObject(b -> b.bucket(bucket).key(INDEX_KEY)))) {
                index.putAll(JSON.readValue(in, new TypeReference<Map<String, String>>() {
                }));
            } catch (NoSuchKeyException none) {
                // first snapshot of this bucket
            } catch (IOException | RuntimeException unreadable) {
                // a damaged index only costs re-hashing
            }
            loaded = true;
        }
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot compress a snapshot document", e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] packed) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StorageFailureException("A stored snapshot document does not decompress: " + e.getMessage(), e);
        }
    }
}

package dev.mlops.aws.s3;

import dev.mlops.aws.AwsSettings;
import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.ArtifactEntry;
import dev.mlops.core.port.ArtifactStore;
import dev.mlops.core.port.CompletedPart;
import dev.mlops.core.port.DirectTransfers;
import dev.mlops.core.port.MultipartUpload;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Artifacts as objects under {@code s3://<bucket>/<artifactPrefix>/<path>}; a run's files sit under
 * {@code <experiment_id>/<run_id>/artifacts/}. Directories are key prefixes, listed with the "/" delimiter.
 * Every key is validated before a request is built. The caller owns (and closes) the client and presigner.
 */
public final class S3ArtifactStore implements ArtifactStore, DirectTransfers {

    /** Bodies up to this size are hashed in memory; larger ones spill to a temp file (bounded memory). */
    static final int MEMORY_LIMIT = 8 * 1024 * 1024;
    /** SigV4 presigned URLs live at most seven days. */
    static final Duration MAX_URL_TTL = Duration.ofDays(7);
    static final String SHA256_METADATA = "sha256";
    static final String SIZE_METADATA = "size";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Keys keys;
    private final S3ObjectDeleter deleter;
    private final S3MultipartUploads multipart;

    public S3ArtifactStore(S3Client s3, S3Presigner presigner, AwsSettings settings) {
        this.s3 = s3;
        this.presigner = presigner;
        this.keys = new S3Keys(settings.bucket(), settings.artifactPrefix());
        this.deleter = new S3ObjectDeleter(s3, keys.bucket());
        this.multipart = new S3MultipartUploads(s3, presigner, keys);
    }

    /**
     * Reads the body once, hashing it, then writes it with {@code x-amz-meta-sha256} and {@code x-amz-meta-size}.
     * A positive {@code declaredSize} must match the bytes read (a short body is refused, nothing is written);
     * zero or less means unknown.
     */
    @Override
    public long put(ArtifactPath path, InputStream content, long declaredSize) {
        String key = keys.fileKey(path);
        try (SpooledBody body = SpooledBody.read(content, MEMORY_LIMIT)) {
            if (declaredSize > 0 && body.size() != declaredSize) {
                throw new InvalidParameterException("Artifact '" + path + "' declared " + declaredSize
                        + " bytes but the body had " + body.size() + "; nothing was stored.");
            }
            s3.putObject(b -> b.bucket(keys.bucket()).key(key)
                            .contentLength(body.size())
                            .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                            .checksumSHA256(body.sha256Base64()) // S3 verifies the bytes against our hash
                            .metadata(Map.of(SHA256_METADATA, body.sha256Hex(),
                                    SIZE_METADATA, Long.toString(body.size()))),
                    body.requestBody());
            return body.size();
        } catch (IOException e) {
            throw new StorageFailureException("Could not read the body of artifact '" + path + "': "
                    + e.getMessage(), e);
        } catch (SdkException e) {
            throw S3Failures.translate("store artifact '" + path + "'", e);
        }
    }

    @Override
    public InputStream open(ArtifactPath path) {
        String key = keys.fileKey(path);
        try {
            return s3.getObject(b -> b.bucket(keys.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            throw new ResourceNotFoundException("Artifact '" + path + "' does not exist.", e);
        } catch (SdkException e) {
            throw S3Failures.translate("read artifact '" + path + "'", e);
        }
    }

    @Override
    public List<ArtifactEntry> list(ArtifactPath directory) {
        String prefix = keys.directoryPrefix(directory);
        List<ArtifactEntry> entries = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
                    b -> b.bucket(keys.bucket()).prefix(prefix).delimiter("/"))) {
                for (S3Object object : page.contents()) {
                    String name = object.key().substring(prefix.length());
                    if (!name.isEmpty()) { // "dir/" markers made by consoles are not files
                        entries.add(new ArtifactEntry(name, false, object.size()));
                    }
                }
                for (CommonPrefix common : page.commonPrefixes()) {
                    String name = common.prefix().substring(prefix.length(), common.prefix().length() - 1);
                    if (!name.isEmpty()) {
                        entries.add(new ArtifactEntry(name, true, null));
                    }
                }
            }
        } catch (SdkException e) {
            throw S3Failures.translate("list artifacts at '" + directory + "'", e);
        }
        entries.sort(Comparator.comparing(ArtifactEntry::path));
        return entries;
    }

    /** Deletes the file at the path and every object under it as a directory. The root is refused. */
    @Override
    public void delete(ArtifactPath path) {
        if (path.isRoot()) {
            throw new InvalidParameterException("Refusing to delete the whole artifact root.");
        }
        String key = keys.fileKey(path);
        String prefix = keys.directoryPrefix(path);
        try {
            s3.deleteObject(b -> b.bucket(keys.bucket()).key(key));
            deleter.deleteAllUnder(prefix);
        } catch (SdkException e) {
            throw S3Failures.translate("delete artifact '" + path + "'", e);
        }
    }

    /** The checksum recorded at put; empty when there is no such file or none was recorded (multipart uploads). */
    public Optional<ArtifactChecksum> checksum(ArtifactPath path) {
        String key = keys.fileKey(path);
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(keys.bucket()).key(key));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Failures.translate("read the checksum of artifact '" + path + "'", e);
        }
        return Optional.ofNullable(head.metadata().get(SHA256_METADATA))
                .map(sha -> new ArtifactChecksum(sha, head.contentLength()));
    }

    /** A URL anyone can GET the file's bytes from until {@code ttl} passes. Sends no request. */
    public URI presignGet(ArtifactPath path, Duration ttl) {
        String key = keys.fileKey(path);
        requireTtl(ttl);
        var presigned = presigner.presignGetObject(b -> b.signatureDuration(ttl)
                .getObjectRequest(r -> r.bucket(keys.bucket()).key(key)));
        return toUri(presigned.url());
    }

    /** Multipart uploads by presigned part URLs, for files too large to pass through the API. */
    public S3MultipartUploads multipart() {
        return multipart;
    }

    static void requireTtl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_URL_TTL) > 0) {
            throw new InvalidParameterException("A URL lifetime must be positive and at most "
                    + MAX_URL_TTL.toDays() + " days.");
        }
    }

    static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The SDK presigned an invalid URL", e);
        }
    }

    @Override
    public URI presignDownload(ArtifactPath path, Duration ttl) {
        return presignGet(path, ttl);
    }

    @Override
    public MultipartUpload createMultipartUpload(ArtifactPath path, int numParts, Duration ttl) {
        return multipart().create(path, numParts, ttl);
    }

    @Override
    public void completeMultipartUpload(ArtifactPath path, String uploadId, List<CompletedPart> parts) {
        multipart().complete(path, uploadId, parts);
    }

    @Override
    public void abortMultipartUpload(ArtifactPath path, String uploadId) {
        multipart().abort(path, uploadId);
    }
}

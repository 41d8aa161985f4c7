package dev.mlops.core.service;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.domain.Run;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.NotSupportedException;
import dev.mlops.core.port.ArtifactEntry;
import dev.mlops.core.port.ArtifactStore;
import dev.mlops.core.port.CompletedPart;
import dev.mlops.core.port.DirectTransfers;
import dev.mlops.core.port.MultipartUpload;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Serves a backend's artifacts. Run artifact URIs start with the store's root URI ({@code mlflow-artifacts:} for
 * the local default, where the client uploads through us; {@code s3://bucket/prefix} on AWS), and a run's
 * artifacts live under {@code <experiment>/<run>/artifacts} below it. The proxied endpoints address the store by
 * that relative path.
 */
public final class ArtifactService {

    public static final String PROXY_SCHEME = "mlflow-artifacts:";
    /** How long presigned URLs stay valid: long enough for a large part on a slow link, short enough to leak little. */
    public static final Duration TRANSFER_TTL = Duration.ofHours(1);
    /** 5,000 part URLs of about 700 bytes stay well under Lambda's 6 MB response limit. */
    public static final int MAX_PARTS_PER_UPLOAD = 5_000;

    private final TrackingService tracking;
    private final ArtifactStore store;
    private final String rootUri;

    public ArtifactService(TrackingService tracking, ArtifactStore store, String rootUri) {
        this.tracking = tracking;
        this.store = store;
        this.rootUri = rootUri;
    }

    /** What artifacts/list answers: the run's root URI and the entries below {@code path}, relative to that root. */
    public record RunListing(String rootUri, List<ArtifactEntry> files) {
    }

    public RunListing listRunArtifacts(String runId, String path) {
        return listLocation(tracking.runIdentity(runId).artifactUri(), path);
    }

    /**
     * Lists below an artifact URI this server hands out (a run's, or a logged model's
     * {@code <experiment>/models/<model id>/artifacts}), with entries relative to that URI. The URI must lie under
     * the store's root and {@code path} is an {@link ArtifactPath}, so nothing outside the location is reachable.
     */
    public RunListing listLocation(String artifactUri, String path) {
        ArtifactPath relative = ArtifactPath.parse(path);
        ArtifactPath root = storePath(rootUri, artifactUri);
        List<ArtifactEntry> files = store.list(root.resolve(relative)).stream()
                .map(e -> new ArtifactEntry(relative.isRoot() ? e.path() : relative + "/" + e.path(), e.isDir(),
                        e.size()))
                .toList();
        return new RunListing(artifactUri, files);
    }

    /** What the web UI may upload into a run in one request (MLflow's limit for upload-artifact). */
    public static final int MAX_RUN_UPLOAD_BYTES = 10 * 1024 * 1024;

    /**
     * The web UI's upload into a run's artifacts ({@code ajax-api/2.0/mlflow/upload-artifact}), with MLflow's
     * checks and messages: a run, a safe relative path, and between 1 byte and 10 MB of data.
     */
    public void uploadRunArtifact(String runId, String path, byte[] data) {
        if (runId == null || runId.isEmpty()) {
            throw new InvalidParameterException("Request must specify run_uuid.");
        }
        if (path == null || path.isEmpty()) {
            throw new InvalidParameterException("Request must specify path.");
        }
        ArtifactPath relative = ArtifactPath.parse(path);
        if (relative.isRoot()) {
            throw new InvalidParameterException("Invalid path");
        }
        if (data == null || data.length == 0) {
            throw new InvalidParameterException("Request must specify data.");
        }
        if (data.length > MAX_RUN_UPLOAD_BYTES) {
            throw new InvalidParameterException("Artifact size is too large. Max size is 10MB.");
        }
        Run run = tracking.getRun(runId);
        ArtifactPath root = storePath(rootUri, run.info().artifactUri());
        store.put(root.resolve(relative), new java.io.ByteArrayInputStream(data), data.length);
    }

    /** Opens one file of a run's artifacts, named relative to the run's artifact URI (what get-artifact serves). */
    public InputStream openRunArtifact(String runId, String path) {
        return openLocation(() -> {
            Validation.required("run_id", runId);
            return tracking.getRun(runId).info().artifactUri();
        }, path);
    }

    /**
     * Opens one file below an artifact URI this server hands out (a run's, a logged model's, a model version's
     * download URI). The path must name a file: the location's root is refused as MLflow refuses a directory.
     */
    public InputStream openLocation(String artifactUri, String path) {
        return openLocation(() -> artifactUri, path);
    }

    /**
     * As {@link #openLocation(String, String)}, with the location looked up only once the path is known to be safe:
     * MLflow checks the path first, so {@code ../x} is {@code Invalid path} whether or not the run or version exists.
     */
    public InputStream openLocation(Supplier<String> artifactUri, String path) {
        ArtifactPath relative = ArtifactPath.parse(path);
        if (relative.isRoot()) {
            throw new InvalidParameterException("Artifact path refers to a directory, not a file: '"
                    + (path == null ? "" : path) + "'");
        }
        return store.open(storePath(rootUri, artifactUri.get()).resolve(relative));
    }

    public long upload(String path, InputStream content, long declaredSize) {
        return store.put(ArtifactPath.parse(path), content, declaredSize);
    }

    public InputStream download(String path) {
        return store.open(ArtifactPath.parse(path));
    }

    /** Direct children of a proxied directory, named by their base names as MLflow's artifact server does. */
    public List<ArtifactEntry> list(String path) {
        return store.list(ArtifactPath.parse(path));
    }

    /** A download URL valid for {@link #TRANSFER_TTL}; only stores with {@link DirectTransfers} offer one. */
    public URI presignedDownload(String path) {
        return transfers().presignDownload(file(path), TRANSFER_TTL);
    }

    public MultipartUpload createMultipartUpload(String path, int numParts) {
        if (numParts < 1 || numParts > MAX_PARTS_PER_UPLOAD) {
            throw new InvalidParameterException("num_parts must be between 1 and " + MAX_PARTS_PER_UPLOAD
                    + " (the part URLs must fit in one response); got " + numParts + ".");
        }
        return transfers().createMultipartUpload(file(path), numParts, TRANSFER_TTL);
    }

    public void completeMultipartUpload(String path, String uploadId, List<CompletedPart> parts) {
        Validation.required("upload_id", uploadId);
        Validation.required("parts", parts);
        transfers().completeMultipartUpload(file(path), uploadId, parts);
    }

    public void abortMultipartUpload(String path, String uploadId) {
        Validation.required("upload_id", uploadId);
        transfers().abortMultipartUpload(file(path), uploadId);
    }

    public void delete(String path) {
        ArtifactPath parsed = ArtifactPath.parse(path);
        if (parsed.isRoot()) {
            throw new InvalidParameterException("Refusing to delete the whole artifact root.");
        }
        store.delete(parsed);
    }

    private DirectTransfers transfers() {
        if (store instanceof DirectTransfers transfers) {
            return transfers;
        }
        throw new NotSupportedException("This backend's artifact store serves bytes through the API only; "
                + "presigned and multipart transfers need the AWS backend.");
    }

    private static ArtifactPath file(String path) {
        ArtifactPath parsed = ArtifactPath.parse(path);
        if (parsed.isRoot()) {
            throw new InvalidParameterException("An artifact path naming a file is required.");
        }
        return parsed;
    }

    /** The store path behind a run's artifact URI, e.g. {@code mlflow-artifacts:/1/abc/artifacts} → 1/abc/artifacts. */
    static ArtifactPath storePath(String rootUri, String artifactUri) {
        if (artifactUri == null || !artifactUri.startsWith(rootUri)) {
            throw new InvalidParameterException("Artifacts at '" + artifactUri
                    + "' are not served by this server; only locations under " + rootUri + " are.");
        }
        String rest = artifactUri.substring(rootUri.length());
        if (rootUri.equals(PROXY_SCHEME) && rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        return ArtifactPath.parse(rest.replaceFirst("^/+", ""));
    }
}

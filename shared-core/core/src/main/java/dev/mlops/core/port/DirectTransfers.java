package dev.mlops.core.port;

import dev.mlops.core.domain.ArtifactPath;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * An optional ability of an {@link ArtifactStore}: clients move large artifacts straight to and from storage with
 * presigned URLs, so no byte passes through a size-limited function. Stores without it simply do not implement it.
 */
public interface DirectTransfers {

    URI presignDownload(ArtifactPath path, Duration ttl);

    MultipartUpload createMultipartUpload(ArtifactPath path, int numParts, Duration ttl);

    void completeMultipartUpload(ArtifactPath path, String uploadId, List<CompletedPart> parts);

    void abortMultipartUpload(ArtifactPath path, String uploadId);
}

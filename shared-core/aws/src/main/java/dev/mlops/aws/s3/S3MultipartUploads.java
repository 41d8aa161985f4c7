package dev.mlops.aws.s3;

import dev.mlops.core.port.MultipartUpload;
import dev.mlops.core.port.CompletedPart;
import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.InvalidParameterException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Large artifacts go straight from the client to S3: {@link #create} starts an upload and presigns one PUT URL per
 * part, the client uploads the parts, and {@link #complete} (or {@link #abort}) finishes it. Inputs are validated
 * before any request. Objects made this way carry no recorded SHA-256 (the bytes never pass through us).
 */
public final class S3MultipartUploads {

    /** S3's limit on parts per upload. */
    public static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Keys keys;

    S3MultipartUploads(S3Client s3, S3Presigner presigner, S3Keys keys) {
        this.s3 = s3;
        this.presigner = presigner;
        this.keys = keys;
    }

    public MultipartUpload create(ArtifactPath path, int numParts, Duration ttl) {
        String key = keys.fileKey(path);
        if (numParts < 1 || numParts > MAX_PARTS) {
            throw new InvalidParameterException("A multipart upload has 1 to " + MAX_PARTS + " parts, not "
                    + numParts + ".");
        }
        S3ArtifactStore.requireTtl(ttl);
        Instant expiresAt = Instant.now().plus(ttl);
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(keys.bucket()).key(key)).uploadId();
        } catch (SdkException e) {
            throw S3Failures.translate("start a multipart upload of '" + path + "'", e);
        }
        List<MultipartUpload.PartUrl> urls = new ArrayList<>(numParts);
        for (int part = 1; part <= numParts; part++) {
            int number = part;
            var presigned = presigner.presignUploadPart(b -> b.signatureDuration(ttl)
                    .uploadPartRequest(r -> r.bucket(keys.bucket()).key(key).uploadId(uploadId).partNumber(number)));
            urls.add(new MultipartUpload.PartUrl(number, S3ArtifactStore.toUri(presigned.url())));
        }
        return new MultipartUpload(uploadId, urls, expiresAt);
    }

    /** Joins the parts in part-number order. An unknown upload id is not-found; a bad part list is invalid. */
    public void complete(ArtifactPath path, String uploadId, List<CompletedPart> parts) {
        String key = keys.fileKey(path);
        requireUploadId(uploadId);
        List<software.amazon.awssdk.services.s3.model.CompletedPart> sdkParts = toSdkParts(parts);
        try {
            s3.completeMultipartUpload(b -> b.bucket(keys.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(sdkParts)));
        } catch (SdkException e) {
            throw S3Failures.translate("complete the multipart upload of '" + path + "'", e);
        }
    }

    /** Discards the uploaded parts. Aborting an unknown or finished upload is not an error. */
    public void abort(ArtifactPath path, String uploadId) {
        String key = keys.fileKey(path);
        requireUploadId(uploadId);
        try {
            s3.abortMultipartUpload(b -> b.bucket(keys.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            if (!S3Failures.isNotFound(e)) {
                throw S3Failures.translate("abort the multipart upload of '" + path + "'", e);
            }
        }
    }

    private static void requireUploadId(String uploadId) {
        if (uploadId == null || uploadId.isBlank() || uploadId.length() > 1024
                || uploadId.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new InvalidParameterException("Invalid multipart upload id.");
        }
    }

    private static List<software.amazon.awssdk.services.s3.model.CompletedPart> toSdkParts(
            List<CompletedPart> parts) {
        if (parts == null || parts.isEmpty() || parts.size() > MAX_PARTS) {
            throw new InvalidParameterException("Completing an upload needs 1 to " + MAX_PARTS + " parts.");
        }
        Set<Integer> seen = new HashSet<>();
        for (CompletedPart part : parts) {
            if (part == null || part.partNumber() < 1 || part.partNumber() > MAX_PARTS
                    || !seen.add(part.partNumber()) || part.etag() == null || part.etag().isBlank()) {
                throw new InvalidParameterException("Each part needs a unique number from 1 to " + MAX_PARTS
                        + " and the ETag its upload answered with.");
            }
        }
        return parts.stream().sorted(Comparator.comparingInt(CompletedPart::partNumber))
                .map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                        .partNumber(p.partNumber()).eTag(p.etag()).build())
                .toList();
    }
}

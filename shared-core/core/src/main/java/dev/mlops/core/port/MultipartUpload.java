package dev.mlops.core.port;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A started multipart upload: the client PUTs part {@code n} to {@code parts.get(n - 1).url()}, keeps each answer's
 * ETag, then asks the backend to complete with those ETags. The URLs stop working at {@code expiresAt}.
 */
public record MultipartUpload(String uploadId, List<PartUrl> parts, Instant expiresAt) {

    public MultipartUpload {
        parts = List.copyOf(parts);
    }

    public record PartUrl(int partNumber, URI url) {
    }
}

package dev.mlops.core.ingest;

import dev.mlops.core.domain.ContentId;
import dev.mlops.core.error.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** An {@link ObjectReader} over a map, for the pure ingestion tests; S3 itself is tested in shared-core/aws. */
final class InMemoryObjects implements ObjectReader {

    private final Map<String, byte[]> objects = new HashMap<>();
    private final Map<String, String> versionIds = new HashMap<>();
    int hashes;

    void put(String bucket, String key, String content) {
        objects.put(bucket + "/" + key, content.getBytes(StandardCharsets.UTF_8));
    }

    void putVersioned(String bucket, String key, String content, String versionId) {
        put(bucket, key, content);
        versionIds.put(bucket + "/" + key, versionId);
    }

    static String eTagOf(String content) {
        return sha256Of(content).substring(0, 32); // as long as an MD5 ETag
    }

    static String sha256Of(String content) {
        var digest = ContentId.sha256();
        return HexFormat.of().formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<ObjectFacts> head(String bucket, String key, String versionId) {
        byte[] bytes = objects.get(bucket + "/" + key);
        String current = versionIds.get(bucket + "/" + key);
        if (bytes == null || (versionId != null && !versionId.equals(current))) {
            return Optional.empty();
        }
        String content = new String(bytes, StandardCharsets.UTF_8);
        return Optional.of(new ObjectFacts(bucket, key, current, "\"" + eTagOf(content) + "\"", bytes.length));
    }

    @Override
    public Optional<String> sha256(ObjectFacts facts) {
        hashes++;
        byte[] bytes = objects.get(facts.bucket() + "/" + facts.key());
        return bytes == null ? Optional.empty() : Optional.of(sha256Of(new String(bytes, StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<byte[]> readSmall(String bucket, String key, int maxBytes) {
        byte[] bytes = objects.get(bucket + "/" + key);
        if (bytes != null && bytes.length > maxBytes) {
            throw new InvalidParameterException("Object '" + key + "' is larger than " + maxBytes + " bytes.");
        }
        return Optional.ofNullable(bytes);
    }
}

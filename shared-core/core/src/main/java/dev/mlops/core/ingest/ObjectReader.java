package dev.mlops.core.ingest;

import java.util.Optional;

/**
 * Read access to the ingestion bucket. Implementations translate vendor failures into MlopsExceptions; "not there"
 * is an empty answer, not an exception, because S3 events routinely outlive their objects.
 */
public interface ObjectReader {

    /** The object's current facts; with a {@code versionId}, that version's. Empty when it does not exist. */
    Optional<ObjectFacts> head(String bucket, String key, String versionId);

    /**
     * Streams exactly the object {@code facts} describe (its version id, else its ETag) through SHA-256 and returns
     * the lowercase hex digest. Empty when that content is gone or was overwritten meanwhile.
     */
    Optional<String> sha256(ObjectFacts facts);

    /**
     * The whole (small) current object, or empty when it does not exist. Throws InvalidParameterException when it is
     * larger than {@code maxBytes}, without reading it all.
     */
    Optional<byte[]> readSmall(String bucket, String key, int maxBytes);
}

package dev.mlops.core.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content-derived identifiers (batch digests, request-derived run ids, dataset-input keys, lake file names): the
 * first 128 bits of a SHA-256, as 32 hex digits. One place, so every such id has the same strength and shape.
 */
public final class ContentId {

    private ContentId() {
    }

    /** A fresh SHA-256 to feed; finish it with {@link #of(MessageDigest)}. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    /** The id: the first 128 bits of the digest, in lower-case hex. */
    public static String of(MessageDigest fed) {
        return HexFormat.of().formatHex(fed.digest(), 0, 16);
    }
}

package dev.mlops.core.webhook;

import dev.mlops.core.error.StorageFailureException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals webhook secrets with AES-256-GCM. The key is derived (HMAC-SHA256) from key material kept away from the
 * data: a key file with owner-only permissions locally, a Secrets Manager secret on AWS. A sealed secret reads
 * {@code v1:<key id>:<base64 of iv|ciphertext|tag>}; the webhook id is bound in as associated data, so a sealed
 * secret copied onto another webhook does not open. The key material is fetched on first use only.
 */
public final class SecretCipher {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CONTEXT = "mlops webhook secrets v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<byte[]> material;
    private volatile SecretKey key;
    private volatile String keyId;

    public SecretCipher(Supplier<byte[]> material) {
        this.material = material;
    }

    public String seal(String webhookId, String secret) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return VERSION + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new StorageFailureException("Cannot seal the webhook secret", e);
        }
    }

    public String open(String webhookId, String sealed) {
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new StorageFailureException("The stored webhook secret has an unknown format");
        }
        key();
        if (!parts[1].equals(keyId)) {
            throw new StorageFailureException("The webhook secret was sealed with another key (" + parts[1]
                    + "); the configured key is " + keyId);
        }
        try {
            byte[] all = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StorageFailureException("The stored webhook secret does not open with the configured key");
        }
    }

    private SecretKey key() {
        SecretKey current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    byte[] raw = material.get();
                    try {
                        Mac mac = Mac.getInstance("HmacSHA256");
                        mac.init(new SecretKeySpec(raw, "HmacSHA256"));
                        byte[] derived = mac.doFinal(CONTEXT);
                        keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(derived), 0, 4);
                        key = new SecretKeySpec(derived, "AES");
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
                    }
                }
                current = key;
            }
        }
        return current;
    }
}

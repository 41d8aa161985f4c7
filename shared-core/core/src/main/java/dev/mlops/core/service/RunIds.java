package dev.mlops.core.service;

import dev.mlops.core.domain.ContentId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Run ids. Every create-run makes a new run with a random id, as MLflow's server does: two training jobs that send
 * identical requests (same experiment, start time and tags) are two runs. A client that wants a retried request to
 * find the run its first attempt made sends an {@code Idempotency-Key} header; the id then derives from that key
 * and the experiment, and the store's insert of the retry is a no-op.
 */
final class RunIds {

    private RunIds() {
    }

    static String forRequest(String requestKey, String experimentId) {
        if (requestKey == null || requestKey.isBlank()) {
            return UUID.randomUUID().toString().replace("-", "");
        }
        MessageDigest sha = ContentId.sha256();
        for (String part : new String[] {"key", requestKey, experimentId}) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
        }
        return ContentId.of(sha);
    }
}

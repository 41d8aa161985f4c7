package dev.mlops.core.service;

import dev.mlops.core.domain.ContentId;
import dev.mlops.core.domain.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Run ids that make create-run safe to retry. The mlflow client retries a POST when it sees no answer, so the first
 * attempt may have created the run already. When the request can be recognised (a client request key, or a start
 * time, which the client always sends and repeats on retry), the id is derived from the request, the retry names the
 * same run, and the store's insert is a no-op. Two requests identical down to the millisecond and with no request
 * key are therefore one run; a request with neither gets a random id.
 */
final class RunIds {

    private RunIds() {
    }

    static String forRequest(String requestKey, String experimentId, String userId, String runName, Long startTime,
                             List<Tag> tags) {
        if (requestKey != null && !requestKey.isBlank()) {
            return hash("key", requestKey, experimentId);
        }
        if (startTime == null) {
            return UUID.randomUUID().toString().replace("-", "");
        }
        StringBuilder fingerprint = new StringBuilder();
        tags.stream().sorted(Comparator.comparing(Tag::key))
                .forEach(t -> fingerprint.append(t.key()).append('\u0000').append(t.value()).append('\u0001'));
        return hash("request", experimentId, String.valueOf(userId), String.valueOf(runName),
                Long.toString(startTime), fingerprint.toString());
    }

    private static String hash(String... parts) {
        MessageDigest sha = ContentId.sha256();
        for (String part : parts) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
        }
        return ContentId.of(sha);
    }
}

package dev.mlops.core.port;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP POST of a webhook delivery. Implementations connect only to {@code addresses} (already checked public,
 * or any address when private targets are allowed), follow no redirects and use no proxy, so the address checked
 * is the address reached.
 */
public interface WebhookSender {

    /** The endpoint's answer; {@code retryAfter} is its Retry-After header, when it sent one. */
    record Response(int status, String body, Duration retryAfter) {
    }

    Response post(URI url, InetAddress[] addresses, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException;
}

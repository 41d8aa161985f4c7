package dev.mlops.core.webhook;

import dev.mlops.core.error.MlopsException;
import dev.mlops.core.port.OpsCounters;
import dev.mlops.core.port.OpsCounters.Counter;
import dev.mlops.core.port.WebhookSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Sends one notice to one webhook as MLflow does (mlflow/webhooks/delivery.py): the body is
 * {@code {"entity", "action", "timestamp", "data"}} in Python's JSON text; headers {@code X-MLflow-Delivery-Id},
 * {@code X-MLflow-Timestamp} (Unix seconds) and, with a secret, {@code X-MLflow-Signature: v1,<base64 HMAC-SHA256 of
 * "<delivery id>.<timestamp>.<body>">}. Answers 429, 500, 502, 503 and 504 and connection failures are retried up to
 * {@link DeliveryPolicy#maxRetries()} times with doubling pauses (or the endpoint's Retry-After); every retry sends
 * the same delivery id and signature. A refused address is never retried.
 */
public final class WebhookDelivery {

    public static final String DELIVERY_ID_HEADER = "X-MLflow-Delivery-Id";
    public static final String TIMESTAMP_HEADER = "X-MLflow-Timestamp";
    public static final String SIGNATURE_HEADER = "X-MLflow-Signature";

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);
    private static final DateTimeFormatter PYTHON_ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    /** How a delivery ended: an answer ({@code status}, {@code body}) or an error before any answer. */
    public record Outcome(boolean success, Integer status, String body, String error) {
    }

    /** Pauses between retries; tests substitute one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private final WebhookSender sender;
    private final UrlPolicy urls;
    private final SecretCipher cipher;
    private final OpsCounters counters;
    private final InstantSource clock;
    private final Sleeper sleeper;

    public WebhookDelivery(WebhookSender sender, UrlPolicy urls, SecretCipher cipher, OpsCounters counters,
                           InstantSource clock, Sleeper sleeper) {
        this.sender = sender;
        this.urls = urls;
        this.cipher = cipher;
        this.counters = counters;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public Outcome deliver(Webhook webhook, WebhookNotice notice) {
        DeliveryPolicy policy = urls.policy();
        URI url;
        InetAddress[] addresses;
        Map<String, String> headers;
        byte[] body;
        try {
            url = urls.check(webhook.url());
            addresses = urls.addresses(url.getHost());
            String payload = envelope(notice);
            body = payload.getBytes(StandardCharsets.UTF_8);
            headers = headers(webhook, payload);
        } catch (MlopsException e) {
            return failed(webhook, notice, e.getMessage());
        }
        for (int attempt = 0; ; attempt++) {
            WebhookSender.Response response;
            try {
                response = sender.post(url, addresses, headers, body, policy.timeout());
            } catch (IOException e) {
                if (attempt < policy.maxRetries() && !(e instanceof RefusedAddressException)) {
                    pause(policy.pauseBefore(attempt + 1));
                    continue;
                }
                return failed(webhook, notice, e.getClass().getSimpleName() + "(" + UrlPolicy.repr(
                        String.valueOf(e.getMessage())) + ")");
            }
            if (RETRIED.contains(response.status()) && attempt < policy.maxRetries()) {
                Duration pause = response.retryAfter() != null
                        ? min(response.retryAfter(), DeliveryPolicy.MAX_BACKOFF)
                        : policy.pauseBefore(attempt + 1);
                pause(pause);
                continue;
            }
            boolean success = response.status() < 400;
            counters.increment(success ? Counter.WEBHOOK_DELIVERED : Counter.WEBHOOK_FAILED);
            if (!success) {
                LOG.warnf("Webhook %s answered %d to %s", webhook.id(), response.status(), notice.event());
            }
            return new Outcome(success, response.status(), response.body(), null);
        }
    }

    /** MLflow's envelope as the exact text that is signed and sent. */
    String envelope(WebhookNotice notice) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("entity", notice.event().entity().value());
        envelope.put("action", notice.event().action().value());
        envelope.put("timestamp", PYTHON_ISO.format(Instant.ofEpochMilli(clock.millis())));
        envelope.put("data", notice.payload());
        return PythonJson.dumps(envelope);
    }

    private Map<String, String> headers(Webhook webhook, String payload) {
        Map<String, String> headers = new LinkedHashMap<>();
        String deliveryId = UUID.randomUUID().toString();
        String timestamp = Long.toString(clock.millis() / 1000);
        headers.put("Content-Type", "application/json");
        headers.put(DELIVERY_ID_HEADER, deliveryId);
        headers.put(TIMESTAMP_HEADER, timestamp);
        if (webhook.hasSecret()) {
            String secret = cipher.open(webhook.id(), webhook.encryptedSecret());
            if (!secret.isEmpty()) {
                headers.put(SIGNATURE_HEADER, signature(secret, deliveryId, timestamp, payload));
            }
        }
        return headers;
    }

    /** {@code v1,<base64 HMAC-SHA256(secret, "<delivery id>.<timestamp>.<payload>")>}. */
    public static String signature(String secret, String deliveryId, String timestamp, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((deliveryId + "." + timestamp + "." + payload)
                    .getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private Outcome failed(Webhook webhook, WebhookNotice notice, String error) {
        counters.increment(Counter.WEBHOOK_FAILED);
        LOG.warnf("Webhook %s: delivery of %s failed: %s", webhook.id(), notice.event(), error);
        return new Outcome(false, null, null, error);
    }

    private void pause(Duration pause) {
        counters.increment(Counter.WEBHOOK_RETRIED);
        try {
            sleeper.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The connected peer was not a public address (DNS rebinding or a private target): never retried. */
    public static final class RefusedAddressException extends IOException {
        public RefusedAddressException(String message) {
            super(message);
        }
    }
}

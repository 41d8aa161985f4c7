package dev.mlops.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.OpsCounters;
import dev.mlops.core.port.OpsCounters.Counter;
import dev.mlops.core.port.WebhookSender;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MLflow's delivery format, signature and retry rules, against a scripted endpoint. */
class WebhookDeliveryTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2025-03-04T05:06:07.123Z"));
    private final OpsCounters counters = OpsCounters.inMemory();
    private final List<Duration> pauses = new ArrayList<>();
    private final SecretCipher cipher = new SecretCipher(() -> "test key material".getBytes(StandardCharsets.UTF_8));

    /** Answers from a script; records what was sent. */
    private static final class ScriptedEndpoint implements WebhookSender {
        final Deque<Object> script = new ArrayDeque<>();
        final List<Map<String, String>> headers = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();

        @Override
        public Response post(URI url, InetAddress[] addresses, Map<String, String> sent, byte[] body,
                             Duration timeout) throws IOException {
            headers.add(sent);
            bodies.add(new String(body, StandardCharsets.UTF_8));
            Object next = script.isEmpty() ? new Response(200, "ok", null) : script.pop();
            if (next instanceof IOException failure) {
                throw failure;
            }
            return (Response) next;
        }
    }

    @Test
    void delivery_shouldSendMlflowsEnvelopeSignedWithTheSecret() {
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        Webhook webhook = webhook("https://8.8.8.8/hook", "s3cret");

        WebhookDelivery.Outcome outcome = delivery(endpoint, DeliveryPolicy.defaults()).deliver(webhook,
                WebhookNotice.of(new DomainEvent.ModelVersionCreated("m", 3, "s3://b/m", null, Map.of("k", "é"),
                        null, 1L)).orElseThrow());

        assertThat(outcome.success()).isTrue();
        assertThat(endpoint.bodies.getFirst()).isEqualTo("{\"entity\": \"model_version\", \"action\": \"created\", "
                + "\"timestamp\": \"2025-03-04T05:06:07.123000+00:00\", \"data\": {\"name\": \"m\", \"version\": \"3\", "
                + "\"source\": \"s3://b/m\", \"run_id\": null, \"tags\": {\"k\": \"\\u00e9\"}, \"description\": null}}");
        Map<String, String> headers = endpoint.headers.getFirst();
        assertThat(headers).containsEntry("Content-Type", "application/json")
                .containsEntry("X-MLflow-Timestamp", "1741064767");
        assertThat(headers.get("X-MLflow-Signature")).isEqualTo(WebhookDelivery.signature("s3cret",
                headers.get("X-MLflow-Delivery-Id"), "1741064767", endpoint.bodies.getFirst()));
        assertThat(counters.count(Counter.WEBHOOK_DELIVERED)).isEqualTo(1);
    }

    @Test
    void failures_shouldBeRetriedWithBackoff_sameDelivery_untilAnswered() {
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        endpoint.script.add(new WebhookSender.Response(503, "busy", null));
        endpoint.script.add(new ConnectException("refused"));
        endpoint.script.add(new WebhookSender.Response(429, "slow down", Duration.ofSeconds(7)));
        endpoint.script.add(new WebhookSender.Response(200, "ok", null));

        WebhookDelivery.Outcome outcome = delivery(endpoint, DeliveryPolicy.defaults())
                .deliver(webhook("https://8.8.8.8/hook", null), WebhookNotice.example(WebhookEvent.MODEL_VERSION_CREATED));

        assertThat(outcome.success()).isTrue();
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(7));
        assertThat(endpoint.headers).extracting(h -> h.get("X-MLflow-Delivery-Id")).containsOnly(
                endpoint.headers.getFirst().get("X-MLflow-Delivery-Id"));
        assertThat(counters.count(Counter.WEBHOOK_RETRIED)).isEqualTo(3);
    }

    @Test
    void clientErrorsAndRefusedPeers_shouldNotBeRetried_andCountAsFailures() {
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        endpoint.script.add(new WebhookSender.Response(404, "no such hook", null));
        endpoint.script.add(new WebhookDelivery.RefusedAddressException("10.0.0.1 is not public"));
        WebhookDelivery delivery = delivery(endpoint, DeliveryPolicy.defaults());
        WebhookNotice notice = WebhookNotice.example(WebhookEvent.REGISTERED_MODEL_CREATED);

        assertThat(delivery.deliver(webhook("https://8.8.8.8/a", null), notice).status()).isEqualTo(404);
        assertThat(delivery.deliver(webhook("https://8.8.8.8/b", null), notice).error())
                .contains("RefusedAddressException");
        assertThat(endpoint.bodies).hasSize(2);
        assertThat(pauses).isEmpty();
        assertThat(counters.count(Counter.WEBHOOK_FAILED)).isEqualTo(2);
    }

    @Test
    void privateTargets_shouldNeverBeContacted_underMlflowsDefaults() {
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        UrlPolicy rebinding = new UrlPolicy(DeliveryPolicy.defaults(), host ->
                new InetAddress[] {InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, (byte) 169,
                        (byte) 254})});
        WebhookDelivery delivery = new WebhookDelivery(endpoint, rebinding, cipher, counters, CLOCK, pauses::add);

        WebhookDelivery.Outcome outcome = delivery.deliver(webhook("https://hooks.example.com/x", null),
                WebhookNotice.example(WebhookEvent.MODEL_VERSION_CREATED));

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.error()).isEqualTo("Webhook URL must not resolve to a non-public IP address. "
                + "'hooks.example.com' resolves to 169.254.169.254.");
        assertThat(endpoint.bodies).isEmpty();
    }

    private WebhookDelivery delivery(WebhookSender sender, DeliveryPolicy policy) {
        return new WebhookDelivery(sender, new UrlPolicy(policy), cipher, counters, CLOCK, pauses::add);
    }

    private Webhook webhook(String url, String secret) {
        String id = "wh-" + url.hashCode();
        return new Webhook(id, "hook", null, url, List.of(WebhookEvent.MODEL_VERSION_CREATED), Webhook.Status.ACTIVE,
                1, 1, secret == null ? null : cipher.seal(id, secret));
    }
}

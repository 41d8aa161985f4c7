package dev.mlops.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.StorageFailureException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MLflow's URL rules and switches, its notion of a public address, and the sealing of secrets. */
class WebhookPolicyTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1,false", "10.2.3.4,false", "172.16.0.1,false", "192.168.1.1,false",
            "169.254.169.254,false", "100.64.0.1,false", "0.0.0.0,false", "224.0.0.1,false", "::1,false",
            "fe80::1,false", "fd00::1,false", "::ffff:10.0.0.1,false", "2002:a00:1::,false", "64:ff9b::a00:1,false",
            "8.8.8.8,true", "93.184.216.34,true", "2606:4700:4700::1111,true", "2002:808:808::,true"})
    void publicAddresses_shouldFollowMlflowsIsPublicIp(String address, boolean expected) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @Test
    void urls_shouldBeRefusedWithMlflowsMessages_underTheDefaults() {
        UrlPolicy urls = new UrlPolicy(DeliveryPolicy.defaults(), host -> InetAddress.getAllByName(
                host.equals("internal.example") ? "10.9.8.7" : host));

        assertRefused(urls, "   ", "Webhook URL cannot be empty or just whitespace: '   '");
        assertRefused(urls, "ftp://example.com", "Invalid webhook URL scheme: 'ftp'. Allowed schemes are: https.");
        assertRefused(urls, "http://8.8.8.8/x", "Invalid webhook URL scheme: 'http'. Allowed schemes are: https.");
        assertRefused(urls, "https://user:pw@8.8.8.8/x", "Webhook URL must not include embedded credentials");
        assertRefused(urls, "https://internal.example/x",
                "Webhook URL must not resolve to a non-public IP address. 'internal.example' resolves to 10.9.8.7.");
        assertThatThrownBy(() -> urls.check("http://[invalid")).hasMessageStartingWith("Invalid webhook URL");
        assertThat(urls.check("https://8.8.8.8/hook").getHost()).isEqualTo("8.8.8.8");
    }

    @Test
    void mlflowsSwitches_shouldAllowHttpAndPrivateTargets() {
        DeliveryPolicy open = DeliveryPolicy.fromEnvironment(Map.of("MLFLOW_WEBHOOK_ALLOWED_SCHEMES", "http, https",
                "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS", "true", "MLFLOW_WEBHOOK_REQUEST_MAX_RETRIES", "1"),
                Duration.ofMillis(10));
        UrlPolicy urls = new UrlPolicy(open);

        assertThat(urls.check("http://127.0.0.1:9/hook").getPort()).isEqualTo(9);
        assertThat(open.maxRetries()).isEqualTo(1);
        assertThat(open.pauseBefore(3)).isEqualTo(Duration.ofMillis(40));
        assertThatThrownBy(() -> DeliveryPolicy.fromEnvironment(Map.of("MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS", "maybe"),
                Duration.ofSeconds(1))).hasMessageContaining("MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS");
    }

    @Test
    void sealedSecrets_shouldOpenOnlyForTheirWebhook_withTheSameKey() {
        SecretCipher cipher = new SecretCipher(() -> "key one".getBytes(StandardCharsets.UTF_8));
        String sealed = cipher.seal("webhook-a", "hunter2");

        assertThat(sealed).startsWith("v1:").doesNotContain("hunter2");
        assertThat(cipher.open("webhook-a", sealed)).isEqualTo("hunter2");
        assertThatThrownBy(() -> cipher.open("webhook-b", sealed)).isInstanceOf(StorageFailureException.class);
        assertThatThrownBy(() -> new SecretCipher(() -> "key two".getBytes(StandardCharsets.UTF_8))
                .open("webhook-a", sealed)).hasMessageContaining("sealed with another key");
    }

    @Test
    void events_shouldKeepToMlflowsValidCombinations() {
        assertThat(WebhookEvent.parse("MODEL_VERSION_TAG", "SET")).isEqualTo(WebhookEvent.MODEL_VERSION_TAG_SET);
        assertThat(WebhookEvent.parse("model_version_alias.deleted").toString())
                .isEqualTo("model_version_alias.deleted");
        assertThatThrownBy(() -> WebhookEvent.parse("REGISTERED_MODEL", "DELETED"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("Invalid action 'deleted' for entity 'registered_model'. Valid actions are: ['created']");
    }

    private static void assertRefused(UrlPolicy urls, String url, String message) {
        assertThatThrownBy(() -> urls.check(url)).isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith(message);
    }
}

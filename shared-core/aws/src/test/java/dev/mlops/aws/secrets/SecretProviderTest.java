package dev.mlops.aws.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.RequestCounter;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.testsupport.AwsEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads, caching and rotation against Secrets Manager over the wire. */
class SecretProviderTest {

    static final Duration TTL = Duration.ofMinutes(5);
    static final RequestCounter requests = new RequestCounter();
    static AwsClients clients;
    static SecretsManagerClient sm;

    final FakeClock clock = new FakeClock();
    SecretProvider provider;
    String secretId;

    @BeforeAll
    static void setUp() {
        AwsEmulator aws = AwsEmulator.get();
        clients = new AwsClients(AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), aws.uniquePrefix("secrets")), List.of(requests));
        sm = clients.secrets();
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @BeforeEach
    void createSecret() {
        secretId = "mlops/test/" + UUID.randomUUID() + "/databricks-token";
        sm.createSecret(b -> b.name(secretId).secretString("token-v1"));
        provider = new SecretProvider(sm, TTL, clock);
        requests.reset();
    }

    @Test
    void get_shouldReturnCurrentValue_withVersion() {
        Secret secret = provider.get(secretId);

        assertThat(secret.reveal()).isEqualTo("token-v1");
        assertThat(secret.id()).isEqualTo(secretId);
        assertThat(secret.versionId()).isNotBlank();
    }

    @Test
    void get_shouldServeCache_untilTtlPasses() {
        provider.get(secretId);
        sm.putSecretValue(b -> b.secretId(secretId).secretString("token-v2"));

        clock.advance(TTL.minusSeconds(1));
        String beforeExpiry = provider.get(secretId).reveal();
        clock.advance(Duration.ofSeconds(1));
        String afterExpiry = provider.get(secretId).reveal();

        assertThat(beforeExpiry).isEqualTo("token-v1");
        assertThat(afterExpiry).isEqualTo("token-v2");
        assertThat(requests.operations()).containsExactly("GetSecretValue", "PutSecretValue", "GetSecretValue");
    }

    @Test
    void withSecret_shouldRefetchOnceAndRetry_whenRotatedCredentialIsRejected() {
        provider.get(secretId);
        sm.putSecretValue(b -> b.secretId(secretId).secretString("token-v2"));
        List<String> tried = new ArrayList<>();

        String result = provider.withSecret(secretId, secret -> {
            tried.add(secret.reveal());
            if (!secret.reveal().equals("token-v2")) {
                throw new CredentialRejectedException("HTTP 401 from the workspace");
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(tried).containsExactly("token-v1", "token-v2");
        assertThat(provider.get(secretId).reveal()).as("the fresh value is cached").isEqualTo("token-v2");
        assertThat(requests.operations()).containsExactly("GetSecretValue", "PutSecretValue", "GetSecretValue");
    }

    @Test
    void withSecret_shouldPropagate_whenRotatedCredentialIsRejectedToo() {
        provider.get(secretId);
        sm.putSecretValue(b -> b.secretId(secretId).secretString("token-v2"));
        List<String> tried = new ArrayList<>();

        assertThatThrownBy(() -> provider.withSecret(secretId, secret -> {
            tried.add(secret.reveal());
            throw new CredentialRejectedException("HTTP 403");
        })).isInstanceOf(CredentialRejectedException.class).hasMessage("HTTP 403");

        assertThat(tried).containsExactly("token-v1", "token-v2");
    }

    @Test
    void withSecret_shouldNotRetry_whenSecretHasNotChanged() {
        List<String> tried = new ArrayList<>();

        assertThatThrownBy(() -> provider.withSecret(secretId, secret -> {
            tried.add(secret.reveal());
            throw new CredentialRejectedException("HTTP 401");
        })).isInstanceOf(CredentialRejectedException.class);

        assertThat(tried).containsExactly("token-v1");
        assertThat(requests.operations()).containsExactly("GetSecretValue", "GetSecretValue");
    }

    @Test
    void withSecret_shouldNotRefetch_whenCallFailsOtherwise() {
        assertThatThrownBy(() -> provider.withSecret(secretId, secret -> {
            throw new IllegalStateException("workspace down");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(requests.operations()).containsExactly("GetSecretValue");
    }

    @Test
    void get_shouldThrowNotFound_whenSecretIsMissing() {
        assertThatThrownBy(() -> provider.get("mlops/test/absent-" + UUID.randomUUID()))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("absent-");
    }

    @Test
    void get_shouldSendNoRequest_whenIdIsBlank() {
        assertThatThrownBy(() -> provider.get(" ")).isInstanceOf(InvalidParameterException.class);

        assertThat(requests.operations()).isEmpty();
    }

    @Test
    void secret_shouldHideValue_inToStringAndEquality() {
        Secret secret = provider.get(secretId);

        assertThat(secret.toString()).isEqualTo("Secret[id=" + secretId + ", version=" + secret.versionId()
                + ", value=****]");
        assertThat(secret).isEqualTo(new Secret(secretId, secret.versionId(), "token-v1"))
                .isNotEqualTo(new Secret(secretId, secret.versionId(), "other"));
    }
}

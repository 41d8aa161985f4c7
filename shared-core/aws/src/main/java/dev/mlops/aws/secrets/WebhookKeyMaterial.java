package dev.mlops.aws.secrets;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.error.StorageFailureException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The key material that seals webhook secrets on AWS: the value of a Secrets Manager secret (any high-entropy
 * string; the cipher derives its AES key from it), so the key never sits next to the data in DynamoDB. Fetched on
 * first use through {@link SecretProvider} (cached an hour); with {@code create} a missing secret is created with
 * 32 random bytes (emulators, first-time dev; CDK creates it in production).
 */
public final class WebhookKeyMaterial implements Supplier<byte[]> {

    private final AwsSettings settings;
    private final String secretId;
    private final boolean create;
    private volatile SecretProvider provider;

    public WebhookKeyMaterial(AwsSettings settings, String secretId, boolean create) {
        this.settings = settings;
        this.secretId = secretId;
        this.create = create;
    }

    @Override
    public byte[] get() {
        SecretProvider secrets = provider();
        try {
            return secrets.get(secretId).reveal().getBytes(StandardCharsets.UTF_8);
        } catch (StorageFailureException | SdkException e) {
            throw new StorageFailureException("Cannot read the webhook secret key " + secretId
                    + " from Secrets Manager", e);
        }
    }

    private SecretProvider provider() {
        if (provider == null) {
            synchronized (this) {
                if (provider == null) {
                    AwsClients clients = new AwsClients(settings, List.of());
                    if (create) {
                        createIfMissing(clients);
                    }
                    provider = new SecretProvider(clients.secrets(), Duration.ofHours(1));
                }
            }
        }
        return provider;
    }

    private void createIfMissing(AwsClients clients) {
        try {
            clients.secrets().describeSecret(b -> b.secretId(secretId));
        } catch (ResourceNotFoundException missing) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                clients.secrets().createSecret(b -> b.name(secretId)
                        .description("Seals MLflow webhook secrets (mlops)")
                        .secretString(Base64.getEncoder().encodeToString(key)));
            } catch (ResourceExistsException createdMeanwhile) {
                // another process created it first
            }
        }
    }
}

package dev.mlops.aws.secrets;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Credentials the system needs (the Databricks token, API keys) from Secrets Manager, cached for a TTL so a warm
 * Lambda does not pay a call per request. Messages and logs name the secret id and version, never the value.
 */
public final class SecretProvider {

    private static final Logger LOG = Logger.getLogger(SecretProvider.class);

    private final SecretsManagerClient client;
    private final Duration ttl;
    private final InstantSource clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Secret secret, Instant expiresAt) {
    }

    public SecretProvider(SecretsManagerClient client, Duration ttl, InstantSource clock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        this.client = client;
        this.ttl = ttl;
        this.clock = clock;
    }

    public SecretProvider(SecretsManagerClient client, Duration ttl) {
        this(client, ttl, InstantSource.system());
    }

    /** The AWSCURRENT value, from the cache while it is younger than the TTL. */
    public Secret get(String secretId) {
        requireId(secretId);
        Cached cached = cache.get(secretId);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.expiresAt())) {
            return cached.secret();
        }
        Secret fresh = fetch(secretId);
        cache.put(secretId, new Cached(fresh, now.plus(ttl)));
        return fresh;
    }

    /**
     * Runs {@code call} with the secret. If it throws {@link CredentialRejectedException}, the secret may have been
     * rotated: drop the cached value, fetch once more and, if the value changed, retry once. A second rejection,
     * or a rejection of an unchanged value, propagates (retrying a value already refused cannot succeed).
     */
    public <T> T withSecret(String secretId, Function<Secret, T> call) {
        Secret used = get(secretId);
        try {
            return call.apply(used);
        } catch (CredentialRejectedException rejected) {
            invalidate(secretId);
            Secret fresh = get(secretId);
            if (fresh.sameValueAs(used)) {
                LOG.warnf("Credential from secret '%s' (version %s) was rejected and the secret has not changed",
                        secretId, used.versionId());
                throw rejected;
            }
            LOG.infof("Credential from secret '%s' (version %s) was rejected; retrying once with version %s",
                    secretId, used.versionId(), fresh.versionId());
            return call.apply(fresh);
        }
    }

    public void invalidate(String secretId) {
        cache.remove(secretId);
    }

    private Secret fetch(String secretId) {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(b -> b.secretId(secretId));
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            throw new ResourceNotFoundException("Secret '" + secretId + "' does not exist.", e);
        } catch (SdkException e) {
            // The request carries only the id, so the SDK's message cannot hold a value.
            throw new StorageFailureException("Could not read secret '" + secretId + "': " + code(e) + ".", e);
        }
        if (response.secretString() == null) {
            throw new StorageFailureException("Secret '" + secretId + "' has no string value (binary secrets are"
                    + " not supported).");
        }
        return new Secret(secretId, response.versionId(), response.secretString());
    }

    private static String code(SdkException e) {
        return e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
    }

    private static void requireId(String secretId) {
        if (secretId == null || secretId.isBlank() || secretId.length() > 2048) {
            throw new InvalidParameterException("A secret id must be a non-blank name or ARN.");
        }
    }
}

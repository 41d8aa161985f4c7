package dev.mlops.databricks;

import dev.mlops.aws.secrets.CredentialRejectedException;
import dev.mlops.aws.secrets.SecretProvider;
import java.util.function.Function;

/**
 * Where the workspace credentials come from. Each connection the backend opens goes through
 * {@link #withCredentials}; a connect that the workspace refuses throws {@link CredentialRejectedException}.
 */
public sealed interface CredentialSource {

    <T> T withCredentials(Function<DatabricksCredentials, T> connect);

    /** Fixed credentials (locally, from environment variables): a rejection is final. */
    record Fixed(DatabricksCredentials credentials) implements CredentialSource {
        @Override
        public <T> T withCredentials(Function<DatabricksCredentials, T> connect) {
            return connect.apply(credentials);
        }
    }

    /**
     * The Secrets Manager secret through the shared {@link SecretProvider}: cached for its TTL, and fetched once more
     * when the workspace rejects the cached value (a rotation), as every secret of the system is.
     */
    record FromSecret(SecretProvider provider, String secretId) implements CredentialSource {
        @Override
        public <T> T withCredentials(Function<DatabricksCredentials, T> connect) {
            return provider.withSecret(secretId, secret -> connect.apply(DatabricksCredentials.parse(secret.reveal())));
        }
    }
}

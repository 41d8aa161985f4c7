package dev.mlops.aws.secrets;

/**
 * Thrown by a call made with a {@link Secret} when the remote side refuses the credential (HTTP 401/403, an
 * "invalid token" answer). {@link SecretProvider#withSecret} takes it as a sign of rotation. The reason must not
 * quote the credential.
 */
public class CredentialRejectedException extends RuntimeException {

    public CredentialRejectedException(String reason) {
        super(reason);
    }
}

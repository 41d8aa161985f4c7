package dev.mlops.databricks;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * How the backend signs in to the workspace: a personal access token, or OAuth machine-to-machine client
 * credentials, optionally with the host and HTTP path. Not a record on purpose (a record's accessors, equals and
 * serializers would expose the secret): {@code toString} and JSON show {@code ****}, and only the driver
 * connection code reads the secret.
 *
 * <p>The Secrets Manager secret is a JSON object, either
 * {@code {"host": "...", "http_path": "...", "token": "dapi..."}} or
 * {@code {"host": "...", "http_path": "...", "client_id": "...", "client_secret": "..."}}; host and http_path may be
 * left to configuration.
 */
public final class DatabricksCredentials {

    /** Which sign-in the driver uses. */
    public enum Kind { PERSONAL_ACCESS_TOKEN, OAUTH_M2M }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Kind kind;
    private final String clientId;
    private final String secret;
    private final String host;
    private final String httpPath;

    private DatabricksCredentials(Kind kind, String clientId, String secret, String host, String httpPath) {
        this.kind = kind;
        this.clientId = clientId;
        this.secret = Objects.requireNonNull(secret, "secret");
        this.host = host;
        this.httpPath = httpPath;
    }

    public static DatabricksCredentials token(String token) {
        return new DatabricksCredentials(Kind.PERSONAL_ACCESS_TOKEN, null, requireText(token, "token"), null, null);
    }

    public static DatabricksCredentials oauth(String clientId, String clientSecret) {
        return new DatabricksCredentials(Kind.OAUTH_M2M, requireText(clientId, "client_id"),
                requireText(clientSecret, "client_secret"), null, null);
    }

    public DatabricksCredentials withEndpoint(String newHost, String newHttpPath) {
        return new DatabricksCredentials(kind, clientId, secret, newHost, newHttpPath);
    }

    /**
     * Reads the secret's JSON. Errors name the fields, never the content, since the content is the secret.
     */
    public static DatabricksCredentials parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("The Databricks secret is not a JSON object"
                    + " ({\"token\": ...} or {\"client_id\": ..., \"client_secret\": ...}).");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("The Databricks secret must be a JSON object.");
        }
        DatabricksCredentials credentials;
        if (node.hasNonNull("token")) {
            credentials = token(node.get("token").asText());
        } else if (node.hasNonNull("client_id") && node.hasNonNull("client_secret")) {
            credentials = oauth(node.get("client_id").asText(), node.get("client_secret").asText());
        } else {
            throw new IllegalArgumentException("The Databricks secret needs \"token\", or \"client_id\" and"
                    + " \"client_secret\".");
        }
        return credentials.withEndpoint(text(node, "host"), text(node, "http_path"));
    }

    public Kind kind() {
        return kind;
    }

    /** The OAuth client id (not secret), or null for a token. */
    public String clientId() {
        return clientId;
    }

    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    public Optional<String> httpPath() {
        return Optional.ofNullable(httpPath);
    }

    /** The token or client secret: only for the driver's connection properties, never for a log or message. */
    String reveal() {
        return secret;
    }

    @JsonValue
    @Override
    public String toString() {
        return "DatabricksCredentials[" + kind + (clientId == null ? "" : ", client_id=" + clientId)
                + ", secret=****]";
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) && !node.get(field).asText().isBlank() ? node.get(field).asText() : null;
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The Databricks credential '" + field + "' is empty.");
        }
        return value;
    }
}

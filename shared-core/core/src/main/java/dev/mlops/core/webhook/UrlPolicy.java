package dev.mlops.core.webhook;

import dev.mlops.core.error.InvalidParameterException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * MLflow's webhook URL rules ({@code _validate_webhook_url}), with its messages: a non-blank URL, a scheme from
 * {@code MLFLOW_WEBHOOK_ALLOWED_SCHEMES}, a host name, no embedded credentials, and (unless
 * {@code MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS}) a host whose every address is public. Checked when a webhook is saved and
 * again before each delivery; the sender also checks the address it actually connects to (DNS rebinding).
 */
public final class UrlPolicy {

    /** Resolves a host name; tests substitute a fake DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final DeliveryPolicy policy;
    private final Resolver dns;

    public UrlPolicy(DeliveryPolicy policy, Resolver dns) {
        this.policy = policy;
        this.dns = dns;
    }

    public UrlPolicy(DeliveryPolicy policy) {
        this(policy, InetAddress::getAllByName);
    }

    public DeliveryPolicy policy() {
        return policy;
    }

    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("Webhook URL cannot be empty or just whitespace: " + repr(url == null ? "" : url));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("Invalid webhook URL " + repr(url) + ": ValueError(" + repr(e.getReason()) + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!policy.allowedSchemes().contains(scheme)) {
            throw invalid("Invalid webhook URL scheme: " + repr(scheme) + ". Allowed schemes are: "
                    + String.join(", ", policy.allowedSchemes()) + ".");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid("Webhook URL must include a hostname: " + repr(url));
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("Webhook URL must not include embedded credentials: " + repr(url));
        }
        if (!policy.allowPrivateIps()) {
            publicAddresses(host);
        }
        return uri;
    }

    /**
     * The addresses a delivery may connect to: every address of the host, each checked public unless private
     * targets are allowed. The sender connects to exactly these, so DNS cannot answer differently in between.
     */
    public InetAddress[] addresses(String host) {
        if (!policy.allowPrivateIps()) {
            return publicAddresses(host);
        }
        try {
            return dns.resolve(bare(host));
        } catch (UnknownHostException e) {
            throw invalid("Cannot resolve Webhook URL hostname " + repr(bare(host)) + ": " + e.getMessage());
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private InetAddress[] publicAddresses(String host) {
        String bare = bare(host);
        InetAddress[] addresses;
        try {
            addresses = dns.resolve(bare);
        } catch (UnknownHostException e) {
            throw invalid("Cannot resolve Webhook URL hostname " + repr(bare) + ": " + e.getMessage());
        }
        for (InetAddress address : addresses) {
            if (!PublicAddresses.isPublic(address)) {
                throw invalid("Webhook URL must not resolve to a non-public IP address. " + repr(bare)
                        + " resolves to " + address.getHostAddress() + ".");
            }
        }
        return addresses;
    }

    /** Python's repr of a string, as MLflow's messages quote values. */
    static String repr(String text) {
        boolean useDouble = text.contains("'") && !text.contains("\"");
        char quote = useDouble ? '"' : '\'';
        String body = text.replace("\\", "\\\\");
        if (!useDouble) {
            body = body.replace("'", "\\'");
        }
        return quote + body + quote;
    }

    private static InvalidParameterException invalid(String message) {
        return new InvalidParameterException(message);
    }
}

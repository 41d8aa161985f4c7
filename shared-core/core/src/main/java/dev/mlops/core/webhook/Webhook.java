package dev.mlops.core.webhook;

import java.util.List;
import java.util.Objects;

/**
 * A registered webhook. {@code encryptedSecret} is the HMAC secret sealed by {@link SecretCipher} (null when the
 * webhook has none): stores keep only that, and no API view ever carries it.
 */
public record Webhook(String id, String name, String description, String url, List<WebhookEvent> events,
                      Status status, long creationTimestamp, long lastUpdatedTimestamp, String encryptedSecret) {

    public enum Status {
        ACTIVE, DISABLED
    }

    public Webhook {
        Objects.requireNonNull(id, "id");
        events = List.copyOf(events);
        status = status == null ? Status.ACTIVE : status;
    }

    public boolean listensTo(WebhookEvent event) {
        return status == Status.ACTIVE && events.contains(event);
    }

    public boolean hasSecret() {
        return encryptedSecret != null && !encryptedSecret.isEmpty();
    }

    /** The sealed secret stays out of logs. */
    @Override
    public String toString() {
        return "Webhook[id=" + id + ", name=" + name + ", url=" + url + ", events=" + events + ", status=" + status
                + ", secret=" + (hasSecret() ? "****" : "none") + "]";
    }
}

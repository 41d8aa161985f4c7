package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.WebhookStore;
import dev.mlops.core.webhook.Webhook;
import dev.mlops.core.webhook.WebhookEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link WebhookStore} must do. Each backend's test extends this and supplies a fresh store. */
public abstract class WebhookStoreContract {

    protected abstract WebhookStore store();

    @Test
    void create_shouldStoreTheWebhookWhole_withItsSealedSecret() {
        Webhook webhook = webhook(1_000, "v1:abcd:c2VhbGVk");

        store().create(webhook);

        assertThat(store().get(webhook.id())).contains(webhook);
    }

    @Test
    void list_shouldAnswerNewestFirst() {
        Webhook first = store().create(webhook(1_000, null));
        Webhook second = store().create(webhook(2_000, null));
        Webhook third = store().create(webhook(3_000, null));

        assertThat(store().list()).containsExactly(third, second, first);
    }

    @Test
    void update_shouldReplaceTheWebhook() {
        Webhook webhook = store().create(webhook(1_000, null));
        Webhook changed = new Webhook(webhook.id(), "renamed", "now described", "https://example.org/x",
                List.of(WebhookEvent.MODEL_VERSION_ALIAS_CREATED, WebhookEvent.MODEL_VERSION_TAG_SET),
                Webhook.Status.DISABLED, webhook.creationTimestamp(), 5_000, "v1:abcd:bmV3");

        store().update(changed);

        assertThat(store().get(webhook.id())).contains(changed);
    }

    @Test
    void updateAndDelete_shouldRefuseUnknownIds_withMlflowsMessage() {
        Webhook ghost = webhook(1_000, null);

        assertThatThrownBy(() -> store().update(ghost)).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Webhook with ID " + ghost.id() + " not found.");
        assertThatThrownBy(() -> store().delete(ghost.id())).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Webhook with ID " + ghost.id() + " not found.");
    }

    @Test
    void delete_shouldRemoveTheWebhook() {
        Webhook webhook = store().create(webhook(1_000, null));

        store().delete(webhook.id());

        assertThat(store().get(webhook.id())).isEmpty();
        assertThat(store().list()).doesNotContain(webhook);
    }

    protected static Webhook webhook(long created, String sealedSecret) {
        return new Webhook(UUID.randomUUID().toString(), "hook-" + created, null, "https://example.com/hook",
                List.of(WebhookEvent.MODEL_VERSION_CREATED, WebhookEvent.REGISTERED_MODEL_CREATED),
                Webhook.Status.ACTIVE, created, created, sealedSecret);
    }
}

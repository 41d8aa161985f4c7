package dev.mlops.core.port;

import dev.mlops.core.webhook.Webhook;
import java.util.List;
import java.util.Optional;

/**
 * MLflow webhooks (post-hooks). Secrets arrive sealed; the store never sees plain text. Missing ids raise
 * ResourceNotFoundException with MLflow's wording ("Webhook with ID x not found.").
 */
public interface WebhookStore {

    Webhook create(Webhook webhook);

    Optional<Webhook> get(String id);

    /** Every webhook, newest first (MLflow's order: creation time descending). */
    List<Webhook> list();

    /** Replaces an existing webhook. */
    Webhook update(Webhook webhook);

    void delete(String id);
}

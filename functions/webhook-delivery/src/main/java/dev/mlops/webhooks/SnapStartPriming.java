package dev.mlops.webhooks;

import dev.mlops.core.webhook.WebhookDispatcher;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Builds the dispatcher, the backend's DynamoDB client and the HTTP sender while Lambda initialises the function,
 * as the ingestion function does with {@code @Startup}: with SnapStart that work is in the snapshot instead of in the
 * first delivery after each restore. The webhook key is still read on first use, so it never enters a snapshot.
 */
@ApplicationScoped
class SnapStartPriming {

    void prime(@Observes StartupEvent start, WebhookDispatcher dispatcher) {
        // injecting the singleton is the work: its producers ran to supply it
    }
}

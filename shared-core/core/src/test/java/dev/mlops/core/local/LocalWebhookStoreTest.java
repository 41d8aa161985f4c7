package dev.mlops.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.contract.WebhookStoreContract;
import dev.mlops.core.port.WebhookStore;
import dev.mlops.core.webhook.Webhook;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalWebhookStoreTest extends WebhookStoreContract {

    @TempDir
    Path dataDir;
    private LocalWebhookStore store;

    @BeforeEach
    void open() {
        store = new LocalWebhookStore(dataDir);
    }

    @Override
    protected WebhookStore store() {
        return store;
    }

    @Test
    void webhooks_shouldSurviveARestart_withTheSecretOnlySealed() throws Exception {
        Webhook webhook = store.create(webhook(1_000, "v1:abcd:c2VhbGVk"));

        assertThat(new LocalWebhookStore(dataDir).get(webhook.id())).contains(webhook);
        assertThat(Files.readString(dataDir.resolve("meta/webhooks/" + webhook.id() + ".json")))
                .contains("v1:abcd:c2VhbGVk");
    }
}

package dev.mlops.api;

import dev.mlops.api.webhooks.PinnedHttpSender;
import dev.mlops.aws.secrets.WebhookKeyMaterial;
import dev.mlops.core.audit.AuditRecorder;
import dev.mlops.core.audit.AuditSearch;
import dev.mlops.core.local.KeyFile;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.OpsCounters;
import dev.mlops.core.webhook.DeliveryPolicy;
import dev.mlops.core.webhook.SecretCipher;
import dev.mlops.core.webhook.UrlPolicy;
import dev.mlops.core.webhook.WebhookDelivery;
import dev.mlops.core.webhook.WebhookDispatcher;
import dev.mlops.core.webhook.WebhookService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Wires the operations features (audit log, webhooks) to the configured backend. */
@ApplicationScoped
public class OperationsProducer {

    private static final Logger LOG = Logger.getLogger(OperationsProducer.class);

    /** Process-local counts of lost audit entries and failed deliveries; a metrics binding reads them. */
    @Produces
    @Singleton
    OpsCounters counters() {
        return OpsCounters.inMemory();
    }

    @Produces
    @Singleton
    AuditRecorder auditRecorder(Backend backend, OpsCounters counters, BackendConfig config) {
        return new AuditRecorder(backend.audit(), counters, config.audit().queueCapacity());
    }

    void closeRecorder(@Disposes AuditRecorder recorder) {
        recorder.close();
    }

    @Produces
    @Singleton
    AuditSearch auditSearch(Backend backend) {
        return new AuditSearch(backend.audit());
    }

    @Produces
    @Singleton
    DeliveryPolicy deliveryPolicy(BackendConfig config) {
        // MicroProfile Config reads the environment (and system properties and application.properties) by these names
        java.util.Map<String, String> switches = new java.util.HashMap<>();
        for (String name : DeliveryPolicy.SWITCHES) {
            org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(name, String.class)
                    .ifPresent(value -> switches.put(name, value));
        }
        DeliveryPolicy policy = DeliveryPolicy.fromEnvironment(switches, config.webhooks().retryBackoff());
        if (policy.allowPrivateIps() || !policy.allowedSchemes().equals(java.util.List.of("https"))) {
            LOG.warnf("Webhooks may target %s URLs%s (MLFLOW_WEBHOOK_ALLOWED_SCHEMES, "
                    + "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS): for development only", policy.allowedSchemes(),
                    policy.allowPrivateIps() ? " and private addresses" : "");
        }
        return policy;
    }

    @Produces
    @Singleton
    PinnedHttpSender sender(DeliveryPolicy policy) {
        return new PinnedHttpSender(policy.timeout());
    }

    void closeSender(@Disposes PinnedHttpSender sender) throws Exception {
        sender.close();
    }

    /** One cipher per process: its key material is read once, on first use. */
    @Produces
    @Singleton
    SecretCipher cipher(BackendConfig config) {
        return new SecretCipher(keyMaterial(config));
    }

    @Produces
    @Singleton
    WebhookDelivery delivery(PinnedHttpSender sender, DeliveryPolicy policy, SecretCipher cipher,
                             OpsCounters counters) {
        return new WebhookDelivery(sender, new UrlPolicy(policy), cipher, counters, InstantSource.system(),
                pause -> Thread.sleep(pause));
    }

    @Produces
    @Singleton
    WebhookService webhooks(Backend backend, DeliveryPolicy policy, SecretCipher cipher, WebhookDelivery delivery) {
        return new WebhookService(backend.webhooks(), new UrlPolicy(policy), cipher, delivery,
                InstantSource.system());
    }

    /** Delivers webhooks for the events of this process's backend publisher (see mlops.webhooks.deliver-in-process). */
    @Produces
    @Singleton
    WebhookDispatcher dispatcher(Backend backend, WebhookDelivery delivery, OpsCounters counters,
                                 DeliveryPolicy policy) {
        return new WebhookDispatcher(backend.events(), backend.webhooks(), delivery, counters, policy.workers());
    }

    void closeDispatcher(@Disposes WebhookDispatcher dispatcher) {
        dispatcher.close();
    }

    /** Where the key that seals webhook secrets comes from: never the data directory or the table itself. */
    static Supplier<byte[]> keyMaterial(BackendConfig config) {
        if ("aws".equals(config.backend())) {
            String prefix = config.aws().prefix();
            return new WebhookKeyMaterial(BackendProducer.awsSettings(config.aws()),
                    config.webhooks().keySecretId().orElse(new dev.mlops.aws.ResourceNames(prefix).webhookKeySecret()),
                    config.aws().createResources());
        }
        return new KeyFile(config.webhooks().keyFile().map(Path::of).orElseGet(() ->
                Path.of(System.getProperty("user.home"), ".config", "mlops", "webhook-secret.key")));
    }
}

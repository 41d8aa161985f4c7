package dev.mlops.registry.api;

import dev.mlops.api.BackendConfig;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.service.PreHooks;
import dev.mlops.core.webhook.WebhookDispatcher;
import dev.mlops.core.service.ArtifactUris;
import dev.mlops.core.service.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/** Wires the registry service to the backend http-api's BackendProducer opened. */
@ApplicationScoped
public class RegistryProducer {

    private static final Logger LOG = Logger.getLogger(RegistryProducer.class);

    /**
     * Pre-hooks come from {@code mlops.hooks.pre} and the promotion gates of {@code mlops.registry.gates} (env
     * {@code MLOPS_HOOKS_PRE}, {@code MLOPS_REGISTRY_GATES}); a malformed value fails the first registry call loudly
     * rather than letting every operation through. Registry events go through the webhook dispatcher when this
     * process delivers webhooks itself ({@code mlops.webhooks.deliver-in-process}).
     */
    @Produces
    @Singleton
    RegistryService registry(Backend backend, BackendConfig config, WebhookDispatcher dispatcher,
                              ArtifactUris uris) {
        PreHooks parsed = PreHooks.parse(config.registry().gates().orElse(null), config.hooks().pre().orElse(null));
        if (!parsed.rules().isEmpty()) {
            LOG.infof("Registry pre-hooks: %s", parsed.rules().stream()
                    .map(r -> r.target() + ": " + r.condition()).toList());
        }
        EventPublisher events = config.webhooks().deliverInProcess() ? dispatcher : backend.events();
        return new RegistryService(backend.registry(), backend.metadata(), backend.loggedModels(),
                backend.artifacts(), backend.artifactRootUri(), events, parsed, InstantSource.system(),
                uris);
    }
}

package dev.mlops.registry.api;

import dev.mlops.api.BackendConfig;
import dev.mlops.core.port.Backend;
import dev.mlops.core.service.ArtifactUris;
import dev.mlops.core.service.PromotionGates;
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
     * Promotion gates come from {@code mlops.registry.gates} (env {@code MLOPS_REGISTRY_GATES}); a malformed value
     * fails the first registry call loudly rather than letting every promotion through.
     */
    @Produces
    @Singleton
    RegistryService registry(Backend backend, BackendConfig config, ArtifactUris uris) {
        PromotionGates parsed = PromotionGates.parse(config.registry().gates().orElse(null));
        if (!parsed.rules().isEmpty()) {
            LOG.infof("Registry promotion gates: %s", parsed.rules().stream()
                    .map(r -> r.target() + ": " + r.condition()).toList());
        }
        return new RegistryService(backend.registry(), backend.metadata(), backend.loggedModels(),
                backend.artifacts(), backend.artifactRootUri(), backend.events(), parsed, InstantSource.system(),
                uris);
    }
}

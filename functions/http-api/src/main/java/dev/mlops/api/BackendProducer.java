package dev.mlops.api;

import dev.mlops.core.local.DiskSpace;
import dev.mlops.core.local.LocalBackend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.service.ArtifactService;
import dev.mlops.core.service.TrackingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/** Wires the core services to the configured backend. The only place that knows which backend runs. */
@ApplicationScoped
public class BackendProducer {

    private static final Logger LOG = Logger.getLogger(BackendProducer.class);

    @Produces
    @Singleton
    LocalBackend localBackend(BackendConfig config) {
        if (!"local".equals(config.backend())) {
            throw new IllegalStateException("Unknown backend '" + config.backend() + "'; this build knows: local.");
        }
        Path dir = Path.of(config.dataDir()).toAbsolutePath().normalize();
        LOG.infof("Local backend: data under %s", dir);
        return LocalBackend.open(dir, InstantSource.system(), config.diskReserveBytes(), DiskSpace.FILE_STORE);
    }

    void close(@Disposes LocalBackend backend) {
        backend.close();
    }

    @Produces
    @Singleton
    TrackingService tracking(LocalBackend backend) {
        return new TrackingService(backend.metadata(), backend.metrics(), EventPublisher.NONE,
                InstantSource.system());
    }

    @Produces
    @Singleton
    ArtifactService artifacts(TrackingService tracking, LocalBackend backend) {
        return new ArtifactService(tracking, backend.artifacts(), ArtifactService.PROXY_SCHEME);
    }
}

package dev.mlops.server;

import dev.mlops.api.BackendConfig;
import dev.mlops.core.port.Backend;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Opens the backend at start, so a locked or unusable data directory stops the server with its message. On the
 * local backend it leaves its port in {@code <data-dir>/server.port}, so {@code ./mlops flush} can ask this server
 * instead of failing on the data directory's lock.
 */
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class);

    void open(@Observes StartupEvent event, Backend backend, BackendConfig config,
              @ConfigProperty(name = "quarkus.http.port") int port) {
        backend.metadata();
        if ("local".equals(config.backend())) {
            try {
                Files.writeString(portFile(config), Integer.toString(port));
            } catch (IOException e) {
                LOG.warnf("Could not write %s: %s", portFile(config), e.getMessage());
            }
        }
    }

    void close(@Observes ShutdownEvent event, BackendConfig config) {
        if ("local".equals(config.backend())) {
            try {
                Files.deleteIfExists(portFile(config));
            } catch (IOException e) {
                LOG.debugf("Could not remove %s: %s", portFile(config), e.getMessage());
            }
        }
    }

    private static Path portFile(BackendConfig config) {
        return Path.of(config.dataDir()).toAbsolutePath().normalize().resolve("server.port");
    }
}

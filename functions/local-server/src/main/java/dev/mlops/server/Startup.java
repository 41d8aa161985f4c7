package dev.mlops.server;

import dev.mlops.core.port.Backend;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/** Opens the backend at start, so a locked or unusable data directory stops the server with its message. */
public class Startup {

    void open(@Observes StartupEvent event, Backend backend) {
        backend.metadata();
    }
}

package dev.mlops.server;

import dev.mlops.core.local.LocalBackend;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/** Opens the backend at start, so a locked or unusable data directory stops the server with its message. */
public class Startup {

    void open(@Observes StartupEvent event, LocalBackend backend) {
        backend.metadata();
    }
}

package dev.mlops.core.ingest;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.RegistryStore;
import java.util.Map;

/**
 * {@link ModelRegistrar} over a {@link RegistryStore}. Ingestion's versions carry their seed tags already, which
 * the registry service would refuse from a user (reserved {@code mlops.*} keys), so it writes through the store and
 * announces ModelVersionCreated itself: only for a version this call created, recognised by its creation time being
 * the request's (an idempotent replay returns the earlier version with its earlier time).
 */
public final class StoreRegistrar implements ModelRegistrar {

    private final RegistryStore store;
    private final EventPublisher events;

    public StoreRegistrar(RegistryStore store, EventPublisher events) {
        this.store = store;
        this.events = events;
    }

    @Override
    public void ensureModel(String name, long timestamp) {
        if (store.getModel(name).isPresent()) {
            return;
        }
        try {
            store.createModel(new RegisteredModel(name, timestamp, timestamp, null, Map.of(), Map.of()));
        } catch (ResourceAlreadyExistsException e) {
            // another record of the same batch, or another invocation, created it first: that is the goal
        }
    }

    @Override
    public ModelVersion register(NewModelVersion version) {
        ModelVersion created = store.createVersion(version);
        if (created.creationTimestamp() == version.timestamp()) {
            events.publish(new DomainEvent.ModelVersionCreated(created.name(), created.version(), created.source(),
                    created.runId(), created.creationTimestamp()));
            events.flush();
        }
        return created;
    }
}

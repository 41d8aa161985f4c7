package dev.mlops.core.ingest;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.RegistryStore;
import java.util.Map;

/**
 * {@link ModelRegistrar} straight over a {@link RegistryStore}, until ingestion goes through the registry service.
 * It announces no ModelVersionCreated: the store cannot tell a new version from an idempotent replay.
 */
public final class StoreRegistrar implements ModelRegistrar {

    private final RegistryStore store;

    public StoreRegistrar(RegistryStore store) {
        this.store = store;
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
        return store.createVersion(version);
    }
}

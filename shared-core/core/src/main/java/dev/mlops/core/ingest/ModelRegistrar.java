package dev.mlops.core.ingest;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.port.NewModelVersion;

/**
 * The two registry operations ingestion needs. Narrow on purpose: today {@link StoreRegistrar} adapts a
 * RegistryStore; the registry service can implement it directly (and then announce ModelVersionCreated itself).
 */
public interface ModelRegistrar {

    /** Creates the registered model unless it exists; concurrent callers for the same name all succeed. */
    void ensureModel(String name, long timestamp);

    /**
     * Registers the version. A second call with the same {@link NewModelVersion#idempotencyKey()} before its
     * {@code idempotentUntil} returns the first version instead of allocating another.
     */
    ModelVersion register(NewModelVersion version);
}

package dev.mlops.api.cache;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.port.VersionQuery;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Registered models by name from {@link ReadCaches}; versions, searches and every write go to the store. Any write
 * that touches a model (its versions included) invalidates it after the store took it, even when the write failed
 * part-way, so this instance never answers with what it just changed.
 */
public final class CachingRegistryStore implements RegistryStore {

    private final RegistryStore store;
    private final ReadCaches caches;

    public CachingRegistryStore(RegistryStore store, ReadCaches caches) {
        this.store = store;
        this.caches = caches;
    }

    @Override
    public Optional<RegisteredModel> getModel(String name) {
        return caches.models.get(name, store::getModel);
    }

    @Override
    public ModelVersion rollBack(String name, int version, java.util.Collection<String> aliases, long timestamp) {
        return touching(name, () -> store.rollBack(name, version, aliases, timestamp));
    }

    @Override
    public RegisteredModel createModel(RegisteredModel model) {
        return touching(model.name(), () -> store.createModel(model));
    }

    @Override
    public RegisteredModel renameModel(String name, String newName, long timestamp) {
        try {
            return store.renameModel(name, newName, timestamp);
        } finally {
            caches.models.invalidate(name);
            caches.models.invalidate(newName);
        }
    }

    @Override
    public RegisteredModel updateModelDescription(String name, String description, long timestamp) {
        return touching(name, () -> store.updateModelDescription(name, description, timestamp));
    }

    @Override
    public void deleteModel(String name) {
        touching(name, () -> {
            store.deleteModel(name);
            return null;
        });
    }

    @Override
    public void setModelTag(String name, String key, String value, long timestamp) {
        touching(name, () -> {
            store.setModelTag(name, key, value, timestamp);
            return null;
        });
    }

    @Override
    public void deleteModelTag(String name, String key, long timestamp) {
        touching(name, () -> {
            store.deleteModelTag(name, key, timestamp);
            return null;
        });
    }

    @Override
    public void setAlias(String name, String alias, int version, long timestamp) {
        touching(name, () -> {
            store.setAlias(name, alias, version, timestamp);
            return null;
        });
    }

    @Override
    public void deleteAlias(String name, String alias, long timestamp) {
        touching(name, () -> {
            store.deleteAlias(name, alias, timestamp);
            return null;
        });
    }

    @Override
    public Page<RegisteredModel> searchModels(ModelQuery query) {
        return store.searchModels(query);
    }

    @Override
    public ModelVersion createVersion(NewModelVersion version) {
        return touching(version.name(), () -> store.createVersion(version));
    }

    @Override
    public Optional<ModelVersion> getVersion(String name, int version) {
        return store.getVersion(name, version);
    }

    @Override
    public ModelVersion updateVersion(ModelVersion version) {
        return touching(version.name(), () -> store.updateVersion(version));
    }

    @Override
    public void deleteVersion(String name, int version) {
        touching(name, () -> {
            store.deleteVersion(name, version);
            return null;
        });
    }

    @Override
    public ModelVersion transitionStage(String name, int version, ModelStage stage, boolean archiveExisting,
                                        long timestamp) {
        return touching(name, () -> store.transitionStage(name, version, stage, archiveExisting, timestamp));
    }

    @Override
    public void setVersionTag(String name, int version, String key, String value, long timestamp) {
        touching(name, () -> {
            store.setVersionTag(name, version, key, value, timestamp);
            return null;
        });
    }

    @Override
    public void deleteVersionTag(String name, int version, String key, long timestamp) {
        touching(name, () -> {
            store.deleteVersionTag(name, version, key, timestamp);
            return null;
        });
    }

    @Override
    public Page<ModelVersion> searchVersions(VersionQuery query) {
        return store.searchVersions(query);
    }

    @Override
    public List<ModelVersion> versionsOf(String name) {
        return store.versionsOf(name);
    }

    private <T> T touching(String name, Supplier<T> write) {
        try {
            return write.get();
        } finally {
            caches.models.invalidate(name);
        }
    }
}

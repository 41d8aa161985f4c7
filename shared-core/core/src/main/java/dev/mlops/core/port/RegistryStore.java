package dev.mlops.core.port;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import java.util.List;
import java.util.Optional;

/**
 * Registered models, their versions, tags and aliases. Every method is atomic. The service validates input and
 * applies MLflow's rules (reserved aliases, promotion gates); the store guarantees what only a store can: unique
 * names, gap-free version numbers under concurrency, and single-step stage transitions.
 * Missing models or versions raise ResourceNotFoundException with MLflow's wording.
 */
public interface RegistryStore {

    /** Throws ResourceAlreadyExistsException when the name is taken. */
    RegisteredModel createModel(RegisteredModel model);

    Optional<RegisteredModel> getModel(String name);

    /** Renames the model and moves its versions, tags and aliases; the new name must be free. */
    RegisteredModel renameModel(String name, String newName, long timestamp);

    RegisteredModel updateModelDescription(String name, String description, long timestamp);

    /** Deletes the model with all its versions, tags and aliases. */
    void deleteModel(String name);

    void setModelTag(String name, String key, String value, long timestamp);

    void deleteModelTag(String name, String key, long timestamp);

    /** Points the alias at an existing version, replacing any earlier target. */
    void setAlias(String name, String alias, int version, long timestamp);

    void deleteAlias(String name, String alias, long timestamp);

    Page<RegisteredModel> searchModels(ModelQuery query);

    /**
     * Allocates the model's next version number and stores the version in one atomic step: N concurrent calls
     * yield exactly 1..N. The model must exist. See {@link NewModelVersion#idempotencyKey()} for retries.
     */
    ModelVersion createVersion(NewModelVersion version);

    Optional<ModelVersion> getVersion(String name, int version);

    /** Replaces description, status and status message of an existing version (the rest is immutable). */
    ModelVersion updateVersion(ModelVersion version);

    /** Deletes the version and every alias pointing at it. Version numbers are never reused. */
    void deleteVersion(String name, int version);

    /**
     * Moves the version to {@code stage}; with {@code archiveExisting}, every other version of the model currently
     * in that stage moves to Archived in the same atomic step (only for Staging and Production).
     */
    ModelVersion transitionStage(String name, int version, ModelStage stage, boolean archiveExisting, long timestamp);

    void setVersionTag(String name, int version, String key, String value, long timestamp);

    void deleteVersionTag(String name, int version, String key, long timestamp);

    Page<ModelVersion> searchVersions(VersionQuery query);

    /**
     * One atomic step for a rollback: {@code version} moves to Production, every other Production version of the
     * model to Archived, and each alias in {@code aliases} to {@code version}. Returns the version as stored.
     */
    ModelVersion rollBack(String name, int version, java.util.Collection<String> aliases, long timestamp);

    /** All versions of one model, in version order (get-latest-versions and search use it). */
    List<ModelVersion> versionsOf(String name);
}

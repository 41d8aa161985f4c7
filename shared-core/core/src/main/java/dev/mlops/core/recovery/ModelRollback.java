package dev.mlops.core.recovery;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.service.RegistryValidation;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./mlops rollback model NAME [--to-version N]}: Production, and the {@code champion} alias when the model has
 * one, move to the target in one atomic store call ({@link RegistryStore#rollBack}); announced as ModelRolledBack.
 * Without a target it picks the previous good version: the highest version below the current Production one that
 * is READY, not marked degraded by the performance monitor, and whose artifact still digests to its SHA-256.
 * Promotion gates do not apply: a rollback is an operator's (or the monitor's) emergency action.
 */
public final class ModelRollback {

    public static final String CHAMPION = "champion";

    private final RegistryStore registry;
    private final VersionArtifacts artifacts;
    private final EventPublisher events;
    private final InstantSource clock;

    /** {@code artifacts} may be null where artifacts cannot be read; candidates are then not checked. */
    public ModelRollback(RegistryStore registry, VersionArtifacts artifacts, EventPublisher events,
                         InstantSource clock) {
        this.registry = registry;
        this.artifacts = artifacts;
        this.events = events;
        this.clock = clock;
    }

    public record Result(String name, int fromVersion, int toVersion, List<String> aliasesMoved, String reason) {
    }

    public Result rollBack(String name, Integer toVersion, String reason) {
        RegistryValidation.modelName(name);
        RegisteredModel model = registry.getModel(name).orElseThrow(() -> new ResourceNotFoundException(
                "Registered Model with name=" + name + " not found"));
        List<ModelVersion> versions = registry.versionsOf(name);
        ModelVersion current = versions.stream().filter(v -> v.stage() == ModelStage.PRODUCTION)
                .max(Comparator.comparingInt(ModelVersion::version))
                .orElseThrow(() -> new InvalidParameterException("Registered model '" + name
                        + "' has no version in Production; there is nothing to roll back."));
        ModelVersion target = toVersion != null ? explicit(name, versions, toVersion, current)
                : previousGood(versions, current).orElseThrow(() -> new InvalidParameterException(
                "Registered model '" + name + "' has no earlier good version (READY, not degraded, artifact "
                        + "intact) below version " + current.version() + "; name one with --to-version."));
        List<String> aliases = model.aliases().containsKey(CHAMPION) ? List.of(CHAMPION) : List.of();
        registry.rollBack(name, target.version(), aliases, clock.millis());
        String why = reason == null || reason.isBlank() ? "operator rollback" : reason;
        events.publish(new DomainEvent.ModelRolledBack(name, current.version(), target.version(), aliases, why,
                clock.millis()));
        events.flush();
        return new Result(name, current.version(), target.version(), aliases, why);
    }

    private static ModelVersion explicit(String name, List<ModelVersion> versions, int number, ModelVersion current) {
        ModelVersion target = versions.stream().filter(v -> v.version() == number).findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("Model Version (name=" + name + ", version="
                        + number + ") not found"));
        if (number == current.version()) {
            throw new InvalidParameterException("Version " + number + " of '" + name + "' is already in Production.");
        }
        if (target.status() != VersionStatus.READY) {
            throw new InvalidParameterException("Version " + number + " of '" + name + "' is "
                    + target.status().name() + "; only a READY version can serve Production.");
        }
        return target;
    }

    private Optional<ModelVersion> previousGood(List<ModelVersion> versions, ModelVersion current) {
        return versions.stream()
                .filter(v -> v.version() < current.version())
                .filter(v -> v.status() == VersionStatus.READY)
                .filter(v -> !degraded(v))
                .sorted(Comparator.comparingInt(ModelVersion::version).reversed())
                .filter(this::artifactIntact)
                .findFirst();
    }

    static boolean degraded(ModelVersion version) {
        String mark = version.tags().get(StateVerifier.PERFORMANCE_TAG);
        return Severity.WARNING.name().equals(mark) || Severity.CRITICAL.name().equals(mark);
    }

    private boolean artifactIntact(ModelVersion version) {
        Optional<String> expected = VersionArtifacts.expected(version);
        if (artifacts == null || expected.isEmpty()) {
            return true;
        }
        return artifacts.locate(version).flatMap(artifacts::digest)
                .map(d -> d.sha256().equals(expected.get())).orElse(false);
    }
}

package dev.mlops.core.ingest;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.NewModelVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ModelRegistrar} in memory, honouring the contract ingestion relies on: gap-free version numbers per
 * model, a missing model refused, and an idempotency key answered with the first version until it expires.
 * Published in the test-jar so the ingestion function's tests can use it until a registry store runs on AWS.
 */
public final class InMemoryRegistrar implements ModelRegistrar {

    private final Map<String, List<ModelVersion>> versions = new HashMap<>();
    private final Map<String, Remembered> byIdempotencyKey = new HashMap<>();

    private record Remembered(ModelVersion version, long until) {
    }

    @Override
    public synchronized void ensureModel(String name, long timestamp) {
        versions.putIfAbsent(name, new ArrayList<>());
    }

    @Override
    public synchronized ModelVersion register(NewModelVersion request) {
        List<ModelVersion> existing = versions.get(request.name());
        if (existing == null) {
            throw new ResourceNotFoundException("Registered Model with name=" + request.name() + " not found");
        }
        Remembered earlier = request.idempotencyKey() == null ? null : byIdempotencyKey.get(request.idempotencyKey());
        if (earlier != null && request.timestamp() < earlier.until()) {
            return earlier.version();
        }
        ModelVersion created = new ModelVersion(request.name(), existing.size() + 1, request.timestamp(),
                request.timestamp(), request.userId(), ModelStage.NONE, request.description(), request.source(),
                request.runId(), request.runLink(), request.status(), request.statusMessage(), request.tags(),
                request.modelId());
        existing.add(created);
        if (request.idempotencyKey() != null) {
            byIdempotencyKey.put(request.idempotencyKey(), new Remembered(created, request.idempotentUntil()));
        }
        return created;
    }

    public synchronized Optional<ModelVersion> version(String name, int version) {
        return versions.getOrDefault(name, List.of()).stream().filter(v -> v.version() == version).findFirst();
    }

    public synchronized List<ModelVersion> versionsOf(String name) {
        return List.copyOf(versions.getOrDefault(name, List.of()));
    }

    public synchronized boolean hasModel(String name) {
        return versions.containsKey(name);
    }
}

package dev.mlops.core.local;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.WebhookStore;
import dev.mlops.core.webhook.Webhook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Webhooks as one JSON file each under {@code meta/webhooks}, loaded at start; a change reaches memory only after
 * its file was written atomically. Secrets are stored sealed (see SecretCipher), never in plain text.
 */
public final class LocalWebhookStore implements WebhookStore {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Path dir;
    private final Map<String, Webhook> webhooks = new ConcurrentHashMap<>();

    public LocalWebhookStore(Path dataDir) {
        this.dir = dataDir.resolve("meta/webhooks");
        reload();
    }

    /** Reads every webhook file again: at start, and after a restore replaced the files. */
    synchronized void reload() {
        Map<String, Webhook> loaded = new java.util.HashMap<>();
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .map(p -> JsonFiles.read(p, Webhook.class))
                        .forEach(w -> loaded.put(w.id(), w));
            }
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read " + dir + ": " + e.getMessage(), e);
        }
        webhooks.keySet().retainAll(loaded.keySet());
        webhooks.putAll(loaded);
    }

    @Override
    public synchronized Webhook create(Webhook webhook) {
        JsonFiles.write(file(webhook.id()), webhook);
        webhooks.put(webhook.id(), webhook);
        return webhook;
    }

    @Override
    public Optional<Webhook> get(String id) {
        return Optional.ofNullable(webhooks.get(id));
    }

    @Override
    public List<Webhook> list() {
        return webhooks.values().stream()
                .sorted(Comparator.comparingLong(Webhook::creationTimestamp).reversed()
                        .thenComparing(Webhook::id, Comparator.reverseOrder()))
                .toList();
    }

    @Override
    public synchronized Webhook update(Webhook webhook) {
        existing(webhook.id());
        JsonFiles.write(file(webhook.id()), webhook);
        webhooks.put(webhook.id(), webhook);
        return webhook;
    }

    @Override
    public synchronized void delete(String id) {
        existing(id);
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new StorageFailureException("Cannot delete webhook " + id + ": " + e.getMessage(), e);
        }
        webhooks.remove(id);
    }

    private void existing(String id) {
        if (!webhooks.containsKey(id)) {
            throw new ResourceNotFoundException("Webhook with ID " + id + " not found.");
        }
    }

    private Path file(String id) {
        if (!SAFE_ID.matcher(id).matches()) {
            throw new InvalidParameterException("Invalid webhook id '" + id + "'.");
        }
        return dir.resolve(id + ".json");
    }
}

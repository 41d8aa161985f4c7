package dev.mlops.core.local;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.recovery.Digests;
import dev.mlops.core.recovery.SnapshotManifest;
import dev.mlops.core.recovery.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Snapshots under {@code <data-dir>/snapshots/}: a content-addressed store {@code objects/<2 hex>/<sha256>} that
 * holds every part document and one copy of each distinct file content any snapshot references, manifests in
 * {@code manifests/<id>.json}, and {@code staging/} for captures in progress. Objects are copies, not hard links:
 * a byte changed in place in a live file must not change the snapshot's copy (docs/recovery.md). They are made
 * read-only, which stops accidental writes by anyone but root.
 */
public final class LocalSnapshotStore implements SnapshotStore {

    private static final Logger LOG = Logger.getLogger(LocalSnapshotStore.class);

    private final Path root;
    private final Path objects;
    private final Path manifests;
    private final Path staging;

    public LocalSnapshotStore(Path dataDir) {
        this.root = dataDir.resolve("snapshots");
        this.objects = root.resolve("objects");
        this.manifests = root.resolve("manifests");
        this.staging = root.resolve("staging");
        try {
            Files.createDirectories(objects);
            Files.createDirectories(manifests);
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot create " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String putDocument(byte[] document) {
        String sha = Digests.sha256Hex(document);
        Path target = objectPath(sha);
        if (!Files.exists(target)) {
            try {
                Files.createDirectories(target.getParent());
            } catch (IOException e) {
                throw new StorageFailureException("Cannot store a snapshot document: " + e.getMessage(), e);
            }
            AtomicFiles.write(target, document);
            readOnly(target);
        }
        return sha;
    }

    @Override
    public byte[] readDocument(String sha256) {
        try {
            return Files.readAllBytes(objectPath(sha256));
        } catch (NoSuchFileException e) {
            throw new StorageFailureException("Snapshot document " + sha256 + " is missing from " + objects, e);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read snapshot document " + sha256 + ": " + e.getMessage(), e);
        }
    }

    /** Where the object with this digest is (or would be) stored. */
    public Path objectPath(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return objects.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    public boolean hasObject(String sha256) {
        return Files.isRegularFile(objectPath(sha256));
    }

    /**
     * Copies a staged file in under its digest unless that content is stored already; returns whether it copied.
     * The copy goes to a temp name first, so a crash leaves no object whose bytes do not match its name.
     */
    public boolean ingest(Path staged, String sha256) {
        Path target = objectPath(sha256);
        if (Files.exists(target)) {
            return false;
        }
        Path temp = target.resolveSibling("." + sha256 + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            Files.copy(staged, temp, StandardCopyOption.COPY_ATTRIBUTES);
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            AtomicFiles.move(temp, target);
            readOnly(target);
            return true;
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(temp);
            if (DiskSpace.isNoSpace(e)) {
                throw new dev.mlops.core.error.StorageFullException("The disk is full; the snapshot was not taken.", e);
            }
            throw new StorageFailureException("Cannot copy into the snapshot store: " + e.getMessage(), e);
        }
    }

    public InputStream openObject(String sha256) throws IOException {
        return Files.newInputStream(objectPath(sha256));
    }

    /** A fresh directory for one capture's staged links. */
    Path newStaging() {
        Path dir = staging.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    @Override
    public void putManifest(SnapshotManifest manifest) {
        try {
            AtomicFiles.write(manifests.resolve(manifest.id() + ".json"),
                    JsonFiles.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new StorageFailureException("Cannot write the manifest of " + manifest.id(), e);
        }
    }

    @Override
    public Optional<SnapshotManifest> manifest(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,128}")) {
            return Optional.empty();
        }
        Path file = manifests.resolve(id + ".json");
        return Files.isRegularFile(file) ? Optional.of(JsonFiles.read(file, SnapshotManifest.class))
                : Optional.empty();
    }

    @Override
    public List<SnapshotManifest> manifests() {
        List<SnapshotManifest> all = new ArrayList<>(JsonFiles.readAll(manifests, SnapshotManifest.class));
        all.sort(SnapshotManifest.NEWEST_FIRST);
        return all;
    }

    @Override
    public void deleteManifest(String id) {
        AtomicFiles.deleteQuietly(manifests.resolve(id + ".json"));
        AtomicFiles.syncDirectory(manifests);
    }

    @Override
    public long collectGarbage(Set<String> keep) {
        AtomicLong freed = new AtomicLong();
        try (Stream<Path> files = Files.walk(objects)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!keep.contains(name)) {
                    freed.addAndGet(Files.size(file));
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new StorageFailureException("Cannot collect garbage in " + objects + ": " + e.getMessage(), e);
        }
        removeStaleStaging();
        return freed.get();
    }

    /** Staging directories of captures that died (a crash mid-snapshot); live captures are minutes old at most. */
    private void removeStaleStaging() {
        long cutoff = System.currentTimeMillis() - 3_600_000L;
        try (Stream<Path> dirs = Files.list(staging)) {
            for (Path dir : dirs.toList()) {
                if (Files.getLastModifiedTime(dir).toMillis() < cutoff) {
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            LOG.warnf("Could not clean %s: %s", staging, e.getMessage());
        }
    }

    @Override
    public long storedBytes() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new StorageFailureException("Cannot measure " + root + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            AtomicFiles.deleteTree(dir);
        } catch (IOException e) {
            LOG.warnf("Could not delete %s: %s", dir, e.getMessage());
        }
    }

    private static void readOnly(Path file) {
        if (!file.toFile().setWritable(false, false)) {
            LOG.debugf("Could not make %s read-only", file);
        }
    }

    static Comparator<Path> deepestFirst() {
        return Comparator.comparingInt(Path::getNameCount).reversed();
    }
}

package dev.mlops.core.local;

import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.recovery.Digests;
import dev.mlops.core.recovery.PartEntry;
import dev.mlops.core.recovery.PartProvider;
import dev.mlops.core.recovery.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One directory of the local data dir as a snapshot part ({@code meta/}, {@code metrics/}, {@code lake/},
 * {@code artifacts/}). Entry paths are relative to the data dir with {@code /} separators. Capture hard-links every
 * file into a staging directory (local writers replace files by rename, so the link keeps the captured bytes) and
 * copies append-only files (the metric buffer logs), all while writes are fenced; hashing and copying into the
 * content-addressed store come after. Restore writes differing files from the store through a temp name and an
 * atomic rename, checking each copy's digest, and removes files the snapshot does not have.
 */
public final class FileTreePart implements PartProvider, PartProvider.RestoresEntries, PartProvider.Quarantines {

    private static final DateTimeFormatter QUARANTINE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String name;
    private final Path dataDir;
    private final String subdir;
    private final LocalSnapshotStore store;
    private final Predicate<String> appendOnly;
    private final BiFunction<List<PartEntry>, LocalSnapshotStore, Map<String, Long>> counter;
    /** Digests by inode, size and modification time: an unchanged file is not hashed again. */
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    public FileTreePart(String name, Path dataDir, String subdir, LocalSnapshotStore store,
                        Predicate<String> appendOnly,
                        BiFunction<List<PartEntry>, LocalSnapshotStore, Map<String, Long>> counter) {
        this.name = name;
        this.dataDir = dataDir;
        this.subdir = subdir.endsWith("/") ? subdir : subdir + "/";
        this.store = store;
        this.appendOnly = appendOnly;
        this.counter = counter;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String provider() {
        return "file-tree";
    }

    public String subdir() {
        return subdir;
    }

    @Override
    public Capture capture() {
        Path stage = store.newStaging();
        List<String> staged = new ArrayList<>();
        try {
            for (String rel : files()) {
                Path source = dataDir.resolve(rel);
                Path target = stage.resolve(rel);
                Files.createDirectories(target.getParent());
                try {
                    if (appendOnly.test(rel)) {
                        Files.copy(source, target);
                    } else {
                        link(target, source);
                    }
                    staged.add(rel);
                } catch (NoSuchFileException vanished) {
                    // deleted between the listing and now by something outside the fence: not part of the state
                }
            }
        } catch (IOException e) {
            LocalSnapshotStore.deleteTree(stage);
            throw new StorageFailureException("Cannot capture " + subdir + ": " + e.getMessage(), e);
        }
        return new Capture() {
            @Override
            public List<PartEntry> finish(SnapshotStore ignored) {
                try {
                    List<PartEntry> entries = new ArrayList<>(staged.size());
                    for (String rel : staged) {
                        Path file = stage.resolve(rel);
                        Digests.Hashed hashed = hash(file);
                        store.ingest(file, hashed.sha256());
                        entries.add(PartEntry.object(rel, hashed.size(), hashed.sha256(), null));
                    }
                    return entries;
                } finally {
                    LocalSnapshotStore.deleteTree(stage);
                }
            }

            @Override
            public void abandon() {
                LocalSnapshotStore.deleteTree(stage);
            }
        };
    }

    @Override
    public List<PartEntry> live() {
        List<PartEntry> entries = new ArrayList<>();
        for (String rel : files()) {
            try {
                Digests.Hashed hashed = hash(dataDir.resolve(rel));
                entries.add(PartEntry.object(rel, hashed.size(), hashed.sha256(), null));
            } catch (StorageFailureException vanished) {
                // deleted while listing
            }
        }
        return entries;
    }

    @Override
    public Map<String, Long> counts(List<PartEntry> entries, SnapshotStore ignored) {
        return counter.apply(entries, store);
    }

    @Override
    public List<String> verifyObjects(List<PartEntry> entries, SnapshotStore ignored) {
        List<String> problems = new ArrayList<>();
        for (PartEntry entry : entries) {
            Path object = store.objectPath(entry.sha256());
            if (!Files.isRegularFile(object)) {
                problems.add(entry.path() + ": its copy " + entry.sha256() + " is missing");
                continue;
            }
            Digests.Hashed actual = Digests.sha256(object);
            if (!actual.sha256().equals(entry.sha256()) || actual.size() != entry.size()) {
                problems.add(entry.path() + ": its copy digests to " + actual.sha256() + " (" + actual.size()
                        + " bytes), recorded " + entry.sha256() + " (" + entry.size() + " bytes)");
            }
        }
        return problems;
    }

    @Override
    public RestoreCount restore(List<PartEntry> entries, SnapshotStore ignored) {
        Set<String> wanted = entries.stream().map(PartEntry::path).collect(Collectors.toSet());
        long written = write(entries);
        long removed = 0;
        for (String rel : files()) {
            if (!wanted.contains(rel)) {
                AtomicFiles.deleteQuietly(dataDir.resolve(rel));
                removed++;
            }
        }
        removeEmptyDirectories();
        return new RestoreCount(written, removed);
    }

    @Override
    public void restoreEntries(List<PartEntry> entries, SnapshotStore ignored) {
        write(entries);
    }

    @Override
    public String quarantine(String path) {
        Path source = resolve(path);
        String moved = "recovery/quarantine/" + QUARANTINE_TIME.format(Instant.now()) + "/" + path;
        Path target = dataDir.resolve(moved);
        try {
            Files.createDirectories(target.getParent());
            AtomicFiles.move(source, target);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot move " + path + " aside: " + e.getMessage(), e);
        }
        return moved;
    }

    /** The live file for an entry path of this part; refuses paths outside it. */
    Path resolve(String rel) {
        Path file = dataDir.resolve(rel).normalize();
        if (!rel.startsWith(subdir) || !file.startsWith(dataDir.resolve(subdir))) {
            throw new IllegalArgumentException(rel + " is not in part " + name);
        }
        return file;
    }

    // ---- internals

    /** Files of the part, relative to the data dir. Temp files of writers in progress are not state. */
    List<String> files() {
        Path root = dataDir.resolve(subdir);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !isTemporary(p.getFileName().toString()))
                    .map(p -> dataDir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StorageFailureException("Cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Atomic-write temps ({@code .x.tmp}), artifact uploads ({@code .x.part}), lake flushes ({@code _tmp.}). */
    static boolean isTemporary(String fileName) {
        return fileName.startsWith(".") || fileName.startsWith("_tmp.") || fileName.endsWith(".rewrite");
    }

    private long write(List<PartEntry> entries) {
        long written = 0;
        for (PartEntry entry : entries) {
            Path target = resolve(entry.path());
            if (Files.isRegularFile(target) && matches(target, entry)) {
                continue;
            }
            copyIn(entry, target);
            written++;
        }
        return written;
    }

    private boolean matches(Path file, PartEntry entry) {
        try {
            if (Files.size(file) != entry.size()) {
                return false;
            }
            return hash(file).sha256().equals(entry.sha256());
        } catch (IOException | StorageFailureException e) {
            return false;
        }
    }

    /** Streams the stored copy to a temp file, checking its digest on the way, then renames it into place. */
    private void copyIn(PartEntry entry, Path target) {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            MessageDigest sha = dev.mlops.core.domain.ContentId.sha256();
            try (InputStream in = new DigestInputStream(store.openObject(entry.sha256()), sha);
                 OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(entry.sha256())) {
                throw new StorageFailureException("The snapshot's copy of " + entry.path() + " is damaged (digest "
                        + actual + ", recorded " + entry.sha256() + "); it was not written.");
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            AtomicFiles.move(temp, target);
            AtomicFiles.syncDirectory(target.getParent());
        } catch (NoSuchFileException e) {
            AtomicFiles.deleteQuietly(temp);
            throw new StorageFailureException("The snapshot's copy of " + entry.path() + " is missing.", e);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(temp);
            throw new StorageFailureException("Cannot restore " + entry.path() + ": " + e.getMessage(), e);
        }
    }

    Digests.Hashed hash(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        String key = attrs.fileKey() == null ? null
                : attrs.fileKey() + "/" + attrs.size() + "/" + attrs.lastModifiedTime().toMillis();
        String cached = key == null ? null : hashes.get(key);
        if (cached != null) {
            return new Digests.Hashed(cached, attrs.size());
        }
        Digests.Hashed hashed = Digests.sha256(file);
        if (key != null) {
            hashes.put(key, hashed.sha256());
        }
        return hashed;
    }

    private static void link(Path target, Path source) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            if (!Files.exists(source)) {
                throw new NoSuchFileException(source.toString());
            }
            Files.copy(source, target); // a file system without hard links
        }
    }

    private void removeEmptyDirectories() {
        Path root = dataDir.resolve(subdir);
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            // Directories right below the part root (meta/runs, ...) are the stores' own: they stay.
            for (Path dir : walk.filter(Files::isDirectory).filter(d -> root.relativize(d).getNameCount() >= 2)
                    .sorted(LocalSnapshotStore.deepestFirst()).toList()) {
                try (Stream<Path> children = Files.list(dir)) {
                    if (children.findAny().isEmpty()) {
                        Files.deleteIfExists(dir);
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // empty directories are harmless; the next restore tries again
        }
    }

    /** Paths grouped by their first segment below the part, for counters. */
    static Map<String, Long> countByPrefix(List<PartEntry> entries, Map<String, String> prefixToKind) {
        Map<String, Long> counts = new HashMap<>();
        for (PartEntry e : entries) {
            prefixToKind.forEach((prefix, kind) -> {
                if (e.path().startsWith(prefix)) {
                    counts.merge(kind, 1L, Long::sum);
                }
            });
        }
        return counts;
    }
}

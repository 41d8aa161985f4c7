package dev.mlops.core.local;

import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.recovery.RawState;
import dev.mlops.core.recovery.RecordRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The data directory's files by part and path, below the stores. Paths must stay inside their part's directory. */
final class LocalRawState implements RawState {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,255}");

    private final Path dataDir;
    private final Map<String, String> subdirs;

    LocalRawState(Path dataDir, Map<String, String> subdirs) {
        this.dataDir = dataDir;
        this.subdirs = Map.copyOf(subdirs);
    }

    @Override
    public Optional<InputStream> open(String part, String path) {
        Path file = resolve(part, path);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ObjectInfo> list(String part, String prefix) {
        Path start = resolve(part, prefix);
        if (Files.isRegularFile(start)) {
            return List.of(info(start));
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(start)) {
            walk.filter(Files::isRegularFile).filter(p -> !FileTreePart.isTemporary(p.getFileName().toString()))
                    .sorted().forEach(p -> found.add(info(p)));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StorageFailureException("Cannot list " + prefix + ": " + e.getMessage(), e);
        }
        return found;
    }

    @Override
    public void overwrite(String part, String path, byte[] content) {
        Path file = resolve(part, path);
        // in place, on purpose: this is how a disk fault or an editor damages a file
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String part, String path) {
        try {
            Files.deleteIfExists(resolve(part, path));
        } catch (IOException e) {
            throw new StorageFailureException("Cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteRecord(RecordRef ref) {
        if (!ID.matcher(ref.id()).matches() && ref.kind() != RecordRef.Kind.MODEL) {
            throw new IllegalArgumentException("not a record id: " + ref.id());
        }
        switch (ref.kind()) {
            case RUN -> delete("metadata", "meta/runs/" + ref.id() + ".json");
            case EXPERIMENT -> delete("metadata", "meta/experiments/" + ref.id() + ".json");
            case LOGGED_MODEL -> delete("metadata", "meta/logged-models/" + ref.id() + ".json");
            case MODEL -> {
                for (ObjectInfo file : list("metadata", "meta/registry/")) {
                    LocalRegistryStore.ModelFile model = JsonFiles.read(dataDir.resolve(file.path()),
                            LocalRegistryStore.ModelFile.class);
                    if (model.model().name().equals(ref.id())) {
                        delete("metadata", file.path());
                    }
                }
            }
        }
    }

    @Override
    public boolean backdate(String part, String path, long millis) {
        try {
            Files.setLastModifiedTime(resolve(part, path), FileTime.fromMillis(millis));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean backdateBuffer(String runId, long millis) {
        if (!ID.matcher(runId).matches()) {
            return false;
        }
        Path log = dataDir.resolve("metrics/" + runId + ".log");
        return Files.isRegularFile(log) && backdate("metric-buffer", "metrics/" + runId + ".log", millis);
    }

    private ObjectInfo info(Path file) {
        try {
            return new ObjectInfo(dataDir.relativize(file).toString().replace('\\', '/'), Files.size(file),
                    Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            return new ObjectInfo(dataDir.relativize(file).toString().replace('\\', '/'), -1, 0);
        }
    }

    private Path resolve(String part, String path) {
        String subdir = subdirs.get(part);
        if (subdir == null) {
            throw new IllegalArgumentException("no part " + part);
        }
        Path root = dataDir.resolve(subdir).normalize();
        Path file = dataDir.resolve(path).normalize();
        if (!path.startsWith(subdir) || !file.startsWith(root) || path.contains("..")) {
            throw new IllegalArgumentException(path + " is not in part " + part);
        }
        return file;
    }
}

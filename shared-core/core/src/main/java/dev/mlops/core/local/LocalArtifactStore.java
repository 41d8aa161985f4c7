package dev.mlops.core.local;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.error.StorageFullException;
import dev.mlops.core.port.ArtifactEntry;
import dev.mlops.core.port.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Artifacts as plain files under one root. {@link ArtifactPath} already rules out {@code ..} and absolute paths;
 * this store also refuses to follow a symbolic link anywhere on the way, so nothing outside the root is reachable.
 */
public final class LocalArtifactStore implements ArtifactStore {

    private final Path root;
    private final DiskSpace diskSpace;

    public LocalArtifactStore(Path root, DiskSpace diskSpace) {
        this.root = root;
        this.diskSpace = diskSpace;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot create the artifact directory (" + reason(e) + ").", e);
        }
    }

    @Override
    public long put(ArtifactPath path, InputStream content, long declaredSize) {
        if (path.isRoot()) {
            throw new InvalidParameterException("An artifact needs a file name.");
        }
        Path target = resolve(path);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidParameterException("Artifact path '" + path + "' is a directory.");
        }
        refuseBelowFile(path);
        diskSpace.require(Math.max(declaredSize, 0), "artifact '" + path + "'");
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
            long written;
            try (OutputStream out = Files.newOutputStream(temp)) {
                written = content.transferTo(out);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            AtomicFiles.move(temp, target);
            AtomicFiles.syncDirectory(target.getParent());
            return written;
        } catch (IOException e) {
            if (temp != null) {
                AtomicFiles.deleteQuietly(temp);
            }
            if (DiskSpace.isNoSpace(e)) {
                throw new StorageFullException("The disk is full; artifact '" + path + "' was not stored.", e);
            }
            throw new StorageFailureException("Could not store artifact '" + path + "' (" + reason(e) + ").", e);
        }
    }

    @Override
    public InputStream open(ArtifactPath path) {
        Path file = resolve(path);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ResourceNotFoundException("Artifact '" + path + "' does not exist.");
        }
        try {
            return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new StorageFailureException("Could not read artifact '" + path + "' (" + reason(e) + ").", e);
        }
    }

    @Override
    public List<ArtifactEntry> list(ArtifactPath directory) {
        Path dir = resolve(directory);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<ArtifactEntry> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = child.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".part") || Files.isSymbolicLink(child)) {
                    continue;
                }
                boolean isDir = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
                entries.add(new ArtifactEntry(name, isDir, isDir ? null : Files.size(child)));
            }
        } catch (IOException e) {
            throw new StorageFailureException("Could not list artifacts at '" + directory + "' (" + reason(e) + ").",
                    e);
        }
        return entries;
    }

    @Override
    public void delete(ArtifactPath path) {
        Path target = resolve(path);
        try {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.deleteTree(target);
            } else {
                Files.deleteIfExists(target);
            }
        } catch (NoSuchFileException | DirectoryNotEmptyException e) {
            // Deleted concurrently: the outcome is the same.
        } catch (IOException e) {
            throw new StorageFailureException("Could not delete artifact '" + path + "' (" + reason(e) + ").", e);
        }
    }

    /** A file cannot have children: storing {@code a.txt/b} after {@code a.txt} is a client error. */
    private void refuseBelowFile(ArtifactPath path) {
        Path current = root;
        List<String> segments = path.segments();
        for (int i = 0; i < segments.size() - 1; i++) {
            current = current.resolve(segments.get(i));
            if (Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidParameterException("Invalid path: '" + String.join("/", segments.subList(0, i + 1))
                        + "' is a file, so nothing can be stored below it.");
            }
        }
    }

    /** What went wrong, in words that name no server path (an I/O exception's message names the file). */
    static String reason(IOException e) {
        String type = e.getClass().getSimpleName();
        return switch (type) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file";
            case "FileAlreadyExistsException" -> "a file is in the way";
            case "NotDirectoryException" -> "not a directory";
            case "DirectoryNotEmptyException" -> "directory not empty";
            case "FileSystemLoopException" -> "file system loop";
            default -> "I/O error";
        };
    }

    /** Joins the path under the root, refusing any symbolic link on the way. */
    private Path resolve(ArtifactPath path) {
        Path current = root;
        for (String segment : path.segments()) {
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current)) {
                throw new InvalidParameterException(
                        "Artifact path '" + path + "' passes through a symbolic link, which is not allowed.");
            }
        }
        if (!current.normalize().startsWith(root)) {
            throw new InvalidParameterException("Artifact path '" + path + "' escapes the artifact root.");
        }
        return current;
    }
}

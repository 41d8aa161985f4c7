package dev.mlops.core.local;

import dev.mlops.core.error.StorageFailureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Key material kept in a file outside the data directory (by default {@code ~/.config/mlops/webhook-secret.key}),
 * so a copy of the data alone does not reveal webhook secrets. Created on first use with 32 random bytes, readable
 * by the owner only (0600, in a 0700 directory); a key file that others may read is refused.
 */
public final class KeyFile implements Supplier<byte[]> {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public KeyFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path path() {
        return file;
    }

    @Override
    public synchronized byte[] get() {
        try {
            if (!Files.exists(file)) {
                create();
            }
            if (posix() && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                throw new StorageFailureException("The key file " + file + " may be read by others; make it "
                        + "readable by its owner only (chmod 600) and restart.");
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read the key file " + file + ": " + e.getMessage(), e);
        }
    }

    private void create() throws IOException {
        Path dir = file.getParent();
        if (!Files.exists(dir)) {
            if (posix()) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (posix()) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.write(file, text, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException createdMeanwhile) {
            // another process made it first; read theirs
        }
    }

    private boolean posix() {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

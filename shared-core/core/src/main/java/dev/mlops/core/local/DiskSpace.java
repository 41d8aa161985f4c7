package dev.mlops.core.local;

import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.error.StorageFullException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses a write up front when the volume could not take it plus a reserve, so a full disk gives a clear error
 * instead of a half-written file. The probe is replaceable so tests can simulate a full disk.
 */
public final class DiskSpace {

    /** Reports the usable bytes (and the size) of the volume holding a directory. */
    @FunctionalInterface
    public interface Probe {
        long usableBytes(Path dir) throws IOException;

        /** The volume's size; a probe that simulates a disk overrides it along with {@link #usableBytes}. */
        default long totalBytes(Path dir) throws IOException {
            return Files.getFileStore(dir).getTotalSpace();
        }
    }

    /** The volume's size and what is still usable, as one reading. */
    public record Usage(long totalBytes, long usableBytes) {

        /** Fraction of the volume in use, 0 to 1 (a volume that reports no size counts as empty). */
        public double usedFraction() {
            return totalBytes <= 0 ? 0 : Math.min(1, Math.max(0, (double) (totalBytes - usableBytes) / totalBytes));
        }
    }

    public static final Probe FILE_STORE = dir -> Files.getFileStore(dir).getUsableSpace();

    private final Path dir;
    private final long reserveBytes;
    private final Probe probe;

    public DiskSpace(Path dir, long reserveBytes, Probe probe) {
        this.dir = dir;
        this.reserveBytes = reserveBytes;
        this.probe = probe;
    }

    public Path dir() {
        return dir;
    }

    public long reserveBytes() {
        return reserveBytes;
    }

    /** Reads the volume now; the disk health check compares it with its thresholds. */
    public Usage usage() throws IOException {
        return new Usage(probe.totalBytes(dir), probe.usableBytes(dir));
    }

    public void require(long bytes, String what) {
        long usable;
        try {
            usable = probe.usableBytes(dir);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot read free space of " + dir + ": " + e.getMessage(), e);
        }
        if (usable - reserveBytes < bytes) {
            throw new StorageFullException(("Not enough disk space to store %s: it needs %d bytes and %d must stay "
                    + "free, but only %d bytes are free under %s.").formatted(what, bytes, reserveBytes, usable, dir));
        }
    }

    /** True when an I/O failure means the volume ran out of space while writing. */
    static boolean isNoSpace(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No space left") || message.contains("Disk quota exceeded");
    }
}

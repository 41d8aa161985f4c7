package dev.mlops.core.local;

import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.error.StorageFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * A run's append-only metric log. Each append is one frame, {@code [length][crc32c][points...]}, fsynced before
 * returning. A crash can only leave a torn last frame; reading stops at the first bad frame and cuts it off, so
 * the log always holds whole appends. Each frame's payload is one {@link PointBatch}.
 */
final class MetricLog {

    private static final Logger LOG = Logger.getLogger(MetricLog.class);
    static final int HEADER = 8;

    private MetricLog() {
    }

    static void append(Path file, PointBatch batch) {
        ByteBuffer out = frame(batch);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long before = channel.size();
            try {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.force(false);
            } catch (IOException e) {
                channel.truncate(before);
                throw e;
            }
        } catch (IOException e) {
            if (DiskSpace.isNoSpace(e)) {
                throw new StorageFullException("The disk is full; no metric points were written.", e);
            }
            throw new StorageFailureException("Could not append to " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the log with one holding only {@code kept}, through a temp file and an atomic rename, so a crash
     * leaves either the old log or the new one. Callers hold the run's lock.
     */
    static void rewrite(Path file, List<PointBatch> kept) {
        Path temp = file.resolveSibling(file.getFileName() + ".rewrite");
        try {
            if (kept.isEmpty()) {
                Files.deleteIfExists(file);
                AtomicFiles.syncDirectory(file.getParent());
                return;
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (PointBatch batch : kept) {
                    ByteBuffer out = frame(batch);
                    while (out.hasRemaining()) {
                        channel.write(out);
                    }
                }
                channel.force(false);
            }
            AtomicFiles.move(temp, file);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(temp);
            if (DiskSpace.isNoSpace(e)) {
                throw new StorageFullException("The disk is full; the metric log was left as it was.", e);
            }
            throw new StorageFailureException("Could not rewrite " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer frame(PointBatch batch) {
        ByteBuffer payload = batch.payload().duplicate();
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        ByteBuffer out = ByteBuffer.allocate(HEADER + payload.remaining());
        out.putInt(payload.remaining()).putInt((int) crc.getValue()).put(payload).flip();
        return out;
    }

    /** Feeds the payload of every whole frame to the consumer, in order, and truncates a torn tail. */
    static void readFrames(Path file, Consumer<ByteBuffer> consumer) {
        readFrames(file, consumer, true);
    }

    /** As {@link #readFrames(Path, Consumer)}; with {@code repair} false the file is only read (verify). */
    static void readFrames(Path file, Consumer<ByteBuffer> consumer, boolean repair) {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = repair
                ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            long good = 0;
            while (all.remaining() >= HEADER) {
                int length = all.getInt();
                int expected = all.getInt();
                if (length < 4 || length > all.remaining()) {
                    break;
                }
                ByteBuffer payload = all.slice(all.position(), length);
                CRC32C crc = new CRC32C();
                crc.update(payload.duplicate());
                if ((int) crc.getValue() != expected) {
                    break;
                }
                consumer.accept(payload);
                all.position(all.position() + length);
                good = all.position();
            }
            if (good < size && repair) {
                LOG.warnf("Metric log %s had a torn tail of %d bytes (an interrupted append); cut it off.",
                        file.getFileName(), size - good);
                channel.truncate(good);
                channel.force(false);
            }
        } catch (IOException e) {
            throw new StorageFailureException("Could not read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}

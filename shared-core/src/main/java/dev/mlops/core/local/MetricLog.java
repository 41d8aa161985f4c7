package dev.mlops.core.local;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.error.StorageFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * A run's append-only metric log. Each append is one frame, {@code [length][crc32c][points...]}, fsynced before
 * returning. A crash can only leave a torn last frame; reading stops at the first bad frame and cuts it off, so
 * the log always holds whole appends.
 */
final class MetricLog {

    private static final Logger LOG = Logger.getLogger(MetricLog.class);
    private static final int HEADER = 8;

    private MetricLog() {
    }

    /** Encoded size of a frame, for the disk-space check before writing it. */
    static long frameSize(List<MetricPoint> points) {
        long size = HEADER + 4;
        for (MetricPoint p : points) {
            size += 2 + p.key().length() * 3L + 24;
        }
        return size;
    }

    static void append(Path file, List<MetricPoint> points) {
        ByteBuffer payload = encode(points);
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.remaining());
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        frame.putInt(payload.remaining()).putInt((int) crc.getValue()).put(payload).flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long before = channel.size();
            try {
                while (frame.hasRemaining()) {
                    channel.write(frame);
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

    /** Feeds every whole frame's points to the consumer and truncates a torn tail. */
    static void read(Path file, Consumer<MetricPoint> consumer) {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 8));
            while (all.hasRemaining() && channel.read(all) >= 0) {
                // read fully
            }
            all.flip();
            long good = 0;
            while (all.remaining() >= HEADER) {
                int length = all.getInt();
                int expected = all.getInt();
                if (length < 0 || length > all.remaining()) {
                    break;
                }
                ByteBuffer payload = all.slice(all.position(), length);
                CRC32C crc = new CRC32C();
                crc.update(payload.duplicate());
                if ((int) crc.getValue() != expected) {
                    break;
                }
                decode(payload, consumer);
                all.position(all.position() + length);
                good = all.position();
            }
            if (good < size) {
                LOG.warnf("Metric log %s had a torn tail of %d bytes (an interrupted append); cut it off.",
                        file.getFileName(), size - good);
                channel.truncate(good);
                channel.force(false);
            }
        } catch (IOException e) {
            throw new StorageFailureException("Could not read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer encode(List<MetricPoint> points) {
        List<byte[]> keys = new ArrayList<>(points.size());
        int size = 4;
        for (MetricPoint p : points) {
            byte[] key = p.key().getBytes(StandardCharsets.UTF_8);
            keys.add(key);
            size += 2 + key.length + 24;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putInt(points.size());
        for (int i = 0; i < points.size(); i++) {
            MetricPoint p = points.get(i);
            byte[] key = keys.get(i);
            buffer.putShort((short) key.length).put(key)
                    .putLong(p.step()).putLong(p.timestamp()).putDouble(p.value());
        }
        return buffer.flip();
    }

    private static void decode(ByteBuffer payload, Consumer<MetricPoint> consumer) {
        int count = payload.getInt();
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[payload.getShort() & 0xffff];
            payload.get(key);
            long step = payload.getLong();
            long timestamp = payload.getLong();
            double value = payload.getDouble();
            consumer.accept(new MetricPoint(new String(key, StandardCharsets.UTF_8), value, timestamp, step));
        }
    }
}

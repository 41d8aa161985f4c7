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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * A run's append-only metric log. Each append is one frame, {@code [length][crc32c][points...]}, fsynced before
 * returning. A crash can only leave a torn last frame; reading stops at the first bad frame and cuts it off, so
 * the log always holds whole appends. A frame's digest identifies a batch, which lets a retried request be
 * recognised without keeping points in memory.
 */
final class MetricLog {

    private static final Logger LOG = Logger.getLogger(MetricLog.class);
    private static final int HEADER = 8;

    /** Content identity of one encoded batch (the first 128 bits of its SHA-256). */
    record Digest(long high, long low) {
    }

    /** One frame, already encoded, ready to append. */
    record Frame(ByteBuffer payload, Digest digest) {
        long size() {
            return HEADER + payload.remaining();
        }
    }

    private MetricLog() {
    }

    static Frame encode(List<MetricPoint> points) {
        byte[][] keys = new byte[points.size()][];
        int size = 4;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = points.get(i).key().getBytes(StandardCharsets.UTF_8);
            size += 2 + keys[i].length + 24;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putInt(points.size());
        for (int i = 0; i < keys.length; i++) {
            MetricPoint p = points.get(i);
            buffer.putShort((short) keys[i].length).put(keys[i])
                    .putLong(p.step()).putLong(p.timestamp()).putDouble(p.value());
        }
        buffer.flip();
        return new Frame(buffer, digest(buffer));
    }

    static void append(Path file, Frame frame) {
        ByteBuffer payload = frame.payload().duplicate();
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        ByteBuffer out = ByteBuffer.allocate(HEADER + payload.remaining());
        out.putInt(payload.remaining()).putInt((int) crc.getValue()).put(payload).flip();
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

    /** Feeds the payload of every whole frame to the consumer, in order, and truncates a torn tail. */
    static void readFrames(Path file, Consumer<ByteBuffer> consumer) {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
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

    /** Decodes the points of one key from a frame payload, skipping other keys without allocating. */
    static void decode(ByteBuffer payload, byte[] key, Consumer<MetricPoint> consumer) {
        ByteBuffer in = payload.duplicate();
        String keyText = new String(key, StandardCharsets.UTF_8);
        int count = in.getInt();
        byte[] scratch = new byte[key.length];
        for (int i = 0; i < count; i++) {
            int length = in.getShort() & 0xffff;
            boolean match = length == key.length;
            if (match) {
                in.get(scratch);
                match = Arrays.equals(scratch, key);
            } else {
                in.position(in.position() + length);
            }
            if (match) {
                consumer.accept(new MetricPoint(keyText, in.getDouble(in.position() + 16), in.getLong(in.position() + 8),
                        in.getLong(in.position())));
            }
            in.position(in.position() + 24);
        }
    }

    static Digest digest(ByteBuffer payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(payload.duplicate());
            ByteBuffer hash = ByteBuffer.wrap(sha.digest());
            return new Digest(hash.getLong(), hash.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}

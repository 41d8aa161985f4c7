package dev.mlops.core.metric;

import dev.mlops.core.domain.ContentId;
import dev.mlops.core.domain.MetricPoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * One log call's points in a compact binary form, {@code [count]([keyLength][key][step][timestamp][value])*}, with
 * a content digest. Backends store batches whole (a log frame, a DynamoDB item), and the digest recognises a
 * retried request without comparing points.
 */
public record PointBatch(ByteBuffer payload, String digest) {

    /** Encodes the distinct points, in order; identical points within one call count once. */
    public static PointBatch encode(List<MetricPoint> points) {
        List<MetricPoint> distinct = List.copyOf(new LinkedHashSet<>(points));
        byte[][] keys = new byte[distinct.size()][];
        int size = 4;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = distinct.get(i).key().getBytes(StandardCharsets.UTF_8);
            size += 2 + keys[i].length + 24;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putInt(distinct.size());
        for (int i = 0; i < keys.length; i++) {
            MetricPoint p = distinct.get(i);
            buffer.putShort((short) keys[i].length).put(keys[i])
                    .putLong(p.step()).putLong(p.timestamp()).putDouble(p.value());
        }
        buffer.flip();
        return new PointBatch(buffer.asReadOnlyBuffer(), digest(buffer));
    }

    /** Wraps stored bytes; the digest is recomputed, so it always matches the content. */
    public static PointBatch wrap(ByteBuffer payload) {
        return new PointBatch(payload.asReadOnlyBuffer(), digest(payload));
    }

    public int count() {
        return payload.getInt(payload.position());
    }

    public int sizeBytes() {
        return payload.remaining();
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }

    /** Feeds the points of one key to the consumer, skipping other keys without allocating. */
    public void forEachOf(String key, Consumer<MetricPoint> consumer) {
        decode(payload, key.getBytes(StandardCharsets.UTF_8), key, consumer);
    }

    /** Feeds every point, in stored order; repeated keys decode once per run of equal keys. */
    public void forEach(Consumer<MetricPoint> consumer) {
        ByteBuffer in = payload.duplicate();
        int count = in.getInt();
        byte[] lastBytes = new byte[0];
        String lastKey = "";
        for (int i = 0; i < count; i++) {
            int length = in.getShort() & 0xffff;
            byte[] bytes = new byte[length];
            in.get(bytes);
            if (!Arrays.equals(bytes, lastBytes)) {
                lastBytes = bytes;
                lastKey = new String(bytes, StandardCharsets.UTF_8);
            }
            long step = in.getLong();
            long timestamp = in.getLong();
            consumer.accept(new MetricPoint(lastKey, in.getDouble(), timestamp, step));
        }
    }

    /** Decodes one key's points straight from a buffer, without computing its digest. */
    public static void decode(ByteBuffer payload, byte[] key, String keyText, Consumer<MetricPoint> consumer) {
        ByteBuffer in = payload.duplicate();
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
                int at = in.position();
                consumer.accept(new MetricPoint(keyText, in.getDouble(at + 16), in.getLong(at + 8), in.getLong(at)));
            }
            in.position(in.position() + 24);
        }
    }

    private static String digest(ByteBuffer payload) {
        MessageDigest sha = ContentId.sha256();
        sha.update(payload.duplicate());
        return ContentId.of(sha);
    }
}

package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.MetricPoint;
import java.util.HexFormat;

/**
 * A latest-metric value as one string that sorts like {@link MetricPoint#isNewerThan}: step, then timestamp, then
 * value, each as 16 hex digits of an order-preserving unsigned encoding. Conditional writes compare it with
 * {@code <}, so "replace only if newer" needs no read. It also stores the point exactly, NaN and infinities
 * included, which DynamoDB numbers cannot hold.
 */
final class MetricOrder {

    static final int LENGTH = 48;
    private static final HexFormat HEX = HexFormat.of();

    private MetricOrder() {
    }

    static String encode(MetricPoint point) {
        return HEX.toHexDigits(point.step() ^ Long.MIN_VALUE)
                + HEX.toHexDigits(point.timestamp() ^ Long.MIN_VALUE)
                + HEX.toHexDigits(sortable(point.value()));
    }

    static MetricPoint decode(String key, String encoded) {
        if (encoded == null || encoded.length() != LENGTH) {
            throw new IllegalStateException("Malformed latest value for metric '" + key + "'");
        }
        long step = HEX.fromHexDigitsToLong(encoded, 0, 16) ^ Long.MIN_VALUE;
        long timestamp = HEX.fromHexDigitsToLong(encoded, 16, 32) ^ Long.MIN_VALUE;
        long sortable = HEX.fromHexDigitsToLong(encoded, 32, 48);
        long bits = (sortable & Long.MIN_VALUE) != 0 ? sortable ^ Long.MIN_VALUE : ~sortable;
        return new MetricPoint(key, Double.longBitsToDouble(bits), timestamp, step);
    }

    /** Same order as {@link Double#compare}: -0.0 before 0.0, NaN (canonical) after +Infinity. */
    private static long sortable(double value) {
        long bits = Double.doubleToLongBits(value);
        return bits >= 0 ? bits ^ Long.MIN_VALUE : ~bits;
    }
}

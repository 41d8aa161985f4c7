package dev.mlops.core.search;

import java.util.HexFormat;

/**
 * A metric value as a {@code long} whose signed order is the order MLflow sorts metric values in: real numbers
 * (infinities included) ascending, -0.0 equal to 0.0 (as in SQL), and every NaN after them as one value. Both
 * backends' run indexes key their entries by it, so "order by metrics.x" walks an index instead of sorting every run;
 * {@link #hex} is the same order as a fixed-width string for sort keys in DynamoDB.
 */
public final class MetricSortKey {

    /** Every NaN maps here, above {@link #MAX_REAL}. */
    public static final long NAN = of(Double.NaN);
    public static final long MIN_REAL = of(Double.NEGATIVE_INFINITY);
    public static final long MAX_REAL = of(Double.POSITIVE_INFINITY);

    private static final HexFormat HEX = HexFormat.of();

    private MetricSortKey() {
    }

    public static long of(double value) {
        // doubleToLongBits canonicalises NaN; negative doubles order inversely to their bits, so flip all but the sign
        long bits = Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    public static double value(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /** 16 hex digits whose string order is the key's signed order. */
    public static String hex(long key) {
        return HEX.toHexDigits(key ^ Long.MIN_VALUE);
    }

    public static long parseHex(CharSequence hex) {
        return HexFormat.fromHexDigitsToLong(hex) ^ Long.MIN_VALUE;
    }

    /**
     * Which index entries a filter can possibly accept for metric {@code key}: a closed range of real keys, whether a
     * NaN can match, and whether a run without the metric can. It only prunes: the matcher still decides every run.
     *
     * @param low     lowest real key that may match (inclusive); {@code low > high} means no real value can
     * @param high    highest real key that may match (inclusive)
     * @param nan     a NaN latest value can match every clause on the key
     * @param missing a run lacking the metric can match (no clause names the key: metric clauses never match one)
     */
    public record Range(long low, long high, boolean nan, boolean missing) {

        public boolean realsPossible() {
            return low <= high;
        }
    }

    public static Range range(String key, SearchFilter filter) {
        long low = MIN_REAL;
        long high = MAX_REAL;
        boolean nan = true;
        boolean named = false;
        for (Comparison clause : filter.clauses()) {
            if (clause.type() != EntityType.METRIC || !clause.key().equals(key)) {
                continue;
            }
            named = true;
            nan &= ValueMatch.number(Double.NaN, clause);
            double rhs = ((Literal.Number) clause.value()).value();
            if (Double.isNaN(rhs)) {
                // IEEE: only != holds against NaN, and it holds for every value
                if (clause.comparator() != Comparator.NEQ) {
                    low = MAX_REAL;
                    high = MIN_REAL;
                }
                continue;
            }
            long k = of(rhs);
            switch (clause.comparator()) {
                case EQ -> {
                    low = Math.max(low, k);
                    high = Math.min(high, k);
                }
                case GT -> low = Math.max(low, k + 1);
                case GTE -> low = Math.max(low, k);
                case LT -> high = Math.min(high, k - 1);
                case LTE -> high = Math.min(high, k);
                default -> {
                    // != excludes one value at most; the matcher takes care of it
                }
            }
        }
        return new Range(low, high, nan, !named);
    }
}

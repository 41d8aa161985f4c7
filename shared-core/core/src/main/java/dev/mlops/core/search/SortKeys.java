package dev.mlops.core.search;

import java.util.function.Function;

/** Comparator building blocks for MLflow's orderings. Missing values always sort last, whatever the direction. */
final class SortKeys {

    private SortKeys() {
    }

    static <T, K extends Comparable<? super K>> java.util.Comparator<T> nullsLast(
            Function<T, K> key, boolean ascending) {
        return (a, b) -> {
            K x = key.apply(a);
            K y = key.apply(b);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            int order = x.compareTo(y);
            return ascending ? order : -order;
        };
    }

    /**
     * MLflow's SQL store orders metrics by (real value, NaN, missing) in both directions, then by value: NaN is
     * neither largest nor smallest, it always follows the real numbers. -0.0 and 0.0 tie, as in SQL.
     */
    static <T> java.util.Comparator<T> metric(Function<T, Double> key, boolean ascending) {
        return (a, b) -> {
            Double x = key.apply(a);
            Double y = key.apply(b);
            int rank = Integer.compare(rank(x), rank(y));
            if (rank != 0 || rank(x) != 0) {
                return rank;
            }
            int order = x < y ? -1 : (x > y ? 1 : 0);
            return ascending ? order : -order;
        };
    }

    private static int rank(Double value) {
        if (value == null) {
            return 2;
        }
        return value.isNaN() ? 1 : 0;
    }
}

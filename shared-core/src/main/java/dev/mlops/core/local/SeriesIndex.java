package dev.mlops.core.local;

import dev.mlops.core.domain.MetricPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A run's points in memory, per key, for deduplication and ordered history reads. Not thread-safe. */
final class SeriesIndex {

    static final Comparator<MetricPoint> HISTORY_ORDER = Comparator.comparingLong(MetricPoint::step)
            .thenComparingLong(MetricPoint::timestamp)
            .thenComparingDouble(MetricPoint::value);

    private final Map<String, Series> byKey = new HashMap<>();
    private long size;

    /** Adds a point unless an identical one is present; returns whether it was new. */
    boolean add(MetricPoint point) {
        boolean added = byKey.computeIfAbsent(point.key(), k -> new Series()).add(point);
        if (added) {
            size++;
        }
        return added;
    }

    boolean contains(MetricPoint point) {
        Series series = byKey.get(point.key());
        return series != null && series.seen.contains(point);
    }

    long size() {
        return size;
    }

    List<MetricPoint> read(String key, long minStep, long maxStep, long offset, int limit) {
        Series series = byKey.get(key);
        if (series == null) {
            return List.of();
        }
        List<MetricPoint> sorted = series.sorted();
        int from = firstAtOrAfter(sorted, minStep);
        List<MetricPoint> out = new ArrayList<>();
        long skipped = 0;
        for (int i = from; i < sorted.size() && out.size() < limit; i++) {
            MetricPoint p = sorted.get(i);
            if (p.step() > maxStep) {
                break;
            }
            if (skipped++ < offset) {
                continue;
            }
            out.add(p);
        }
        return out;
    }

    private static int firstAtOrAfter(List<MetricPoint> sorted, long step) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).step() < step) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Record equality compares doubles bitwise (Double.compare), so NaN points deduplicate too. */
    private static final class Series {
        final List<MetricPoint> points = new ArrayList<>();
        final Set<MetricPoint> seen = new HashSet<>();
        boolean sorted = true;

        boolean add(MetricPoint point) {
            if (!seen.add(point)) {
                return false;
            }
            if (!points.isEmpty() && HISTORY_ORDER.compare(points.get(points.size() - 1), point) > 0) {
                sorted = false;
            }
            points.add(point);
            return true;
        }

        List<MetricPoint> sorted() {
            if (!sorted) {
                points.sort(HISTORY_ORDER);
                sorted = true;
            }
            return points;
        }
    }
}

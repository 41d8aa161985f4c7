package dev.mlops.core.metric;

import dev.mlops.core.domain.MetricPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns the points a backend gathered for one series into an ordered stream with each point once. */
public final class HistoryPage {

    /** get-history's order: step, then timestamp, then value (Double.compare: NaN last, -0.0 before 0.0). */
    public static final Comparator<MetricPoint> ORDER = Comparator.comparingLong(MetricPoint::step)
            .thenComparingLong(MetricPoint::timestamp)
            .thenComparingDouble(MetricPoint::value);

    private HistoryPage() {
    }

    /** Sorts {@code points} in place and streams them without repeats, strictly after {@code after}. */
    public static MetricCursor cursor(List<MetricPoint> points, MetricPoint after) {
        points.sort(ORDER);
        List<MetricPoint> distinct = new ArrayList<>(points.size());
        MetricPoint previous = null;
        for (MetricPoint p : points) {
            if ((previous == null || !p.sameAs(previous)) && (after == null || ORDER.compare(p, after) > 0)) {
                distinct.add(p);
            }
            previous = p;
        }
        return MetricCursor.of(distinct);
    }
}

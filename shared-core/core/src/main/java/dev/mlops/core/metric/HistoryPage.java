package dev.mlops.core.metric;

import dev.mlops.core.domain.MetricPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns the points a backend gathered for one series into a history page: ordered, each point once. */
public final class HistoryPage {

    /** get-history's order: step, then timestamp, then value. */
    public static final Comparator<MetricPoint> ORDER = Comparator.comparingLong(MetricPoint::step)
            .thenComparingLong(MetricPoint::timestamp)
            .thenComparingDouble(MetricPoint::value);

    private HistoryPage() {
    }

    /** Sorts {@code points} in place, drops repeats (a retried partial batch), then skips and limits. */
    public static List<MetricPoint> of(List<MetricPoint> points, long offset, int limit) {
        points.sort(ORDER);
        List<MetricPoint> page = new ArrayList<>(Math.min(limit, points.size()));
        long position = 0;
        MetricPoint previous = null;
        for (MetricPoint p : points) {
            if (p.equals(previous)) {
                continue;
            }
            previous = p;
            if (position++ < offset) {
                continue;
            }
            if (page.size() == limit) {
                break;
            }
            page.add(p);
        }
        return page;
    }
}

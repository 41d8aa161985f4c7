package dev.mlops.core.metric;

import dev.mlops.core.domain.MetricPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges cursors that are each in {@code order} into one cursor in that order, emitting a point identical to the
 * previous one only once: a point can sit both in a lake file and in the unflushed buffer, or in two partly
 * overlapping batches, and is still seen once. Holds one point per source.
 */
public final class MergedCursor extends LookaheadCursor {

    private record Head(MetricPoint point, MetricCursor source) {
    }

    private final PriorityQueue<Head> heads;
    private final List<MetricCursor> sources;
    private MetricPoint last;

    private MergedCursor(List<MetricCursor> sources, Comparator<MetricPoint> order) {
        this.sources = List.copyOf(sources);
        this.heads = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> order.compare(a.point, b.point));
        try {
            for (MetricCursor source : sources) {
                advance(source);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Merges in get-history order (step, timestamp, value). */
    public static MetricCursor of(List<MetricCursor> sources) {
        return of(sources, HistoryPage.ORDER);
    }

    public static MetricCursor of(List<MetricCursor> sources, Comparator<MetricPoint> order) {
        return sources.size() == 1 ? sources.get(0) : new MergedCursor(new ArrayList<>(sources), order);
    }

    @Override
    protected MetricPoint fetch() {
        while (!heads.isEmpty()) {
            Head head = heads.poll();
            advance(head.source);
            if (last == null || !head.point.sameAs(last)) {
                last = head.point;
                return last;
            }
        }
        return null;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (MetricCursor source : sources) {
            try {
                source.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void advance(MetricCursor source) {
        if (source.hasNext()) {
            heads.add(new Head(source.next(), source));
        }
    }
}

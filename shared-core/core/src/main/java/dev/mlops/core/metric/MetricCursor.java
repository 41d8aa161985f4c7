package dev.mlops.core.metric;

import dev.mlops.core.domain.MetricPoint;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A stream of one series' points in {@link HistoryPage#ORDER}. Readers hold at most a page of a file per source,
 * so a ten-million-point series is read in bounded memory. Close it to release files and connections.
 */
public interface MetricCursor extends Iterator<MetricPoint>, AutoCloseable {

    @Override
    void close();

    /** A cursor over points already in memory and in order. */
    static MetricCursor of(List<MetricPoint> ordered) {
        Iterator<MetricPoint> it = ordered.iterator();
        return new MetricCursor() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public MetricPoint next() {
                if (!it.hasNext()) {
                    throw new NoSuchElementException();
                }
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }

    static MetricCursor empty() {
        return of(List.of());
    }
}

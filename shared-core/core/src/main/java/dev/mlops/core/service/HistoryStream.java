package dev.mlops.core.service;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.HistoryToken;
import dev.mlops.core.metric.MetricCursor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One get-history page as a stream: the caller writes each point as it is read, so a 25,000-point page never
 * exists as a list. {@link #nextPageToken} is known once the points are used up. Close it to release the cursor.
 */
public final class HistoryStream implements Iterator<MetricPoint>, AutoCloseable {

    private final MetricCursor cursor;
    private final int limit;
    private int emitted;
    private MetricPoint last;

    HistoryStream(MetricCursor cursor, int limit) {
        this.cursor = cursor;
        this.limit = limit;
    }

    @Override
    public boolean hasNext() {
        return emitted < limit && cursor.hasNext();
    }

    @Override
    public MetricPoint next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        last = cursor.next();
        emitted++;
        return last;
    }

    /** The token of the page after this one, null on the last page; call after the points are used up. */
    public String nextPageToken() {
        if (hasNext()) {
            throw new IllegalStateException("the page has points left");
        }
        return emitted == limit && cursor.hasNext() ? HistoryToken.after(last) : null;
    }

    @Override
    public void close() {
        cursor.close();
    }
}

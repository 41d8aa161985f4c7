package dev.mlops.core.metric;

import dev.mlops.core.domain.MetricPoint;
import java.util.NoSuchElementException;

/** A cursor that works out its next point only when asked; subclasses return null from {@link #fetch} at the end. */
public abstract class LookaheadCursor implements MetricCursor {

    private MetricPoint next;
    private boolean ended;

    /** The next point, or null when there is none (never called again after that). */
    protected abstract MetricPoint fetch();

    @Override
    public final boolean hasNext() {
        if (next == null && !ended) {
            next = fetch();
            ended = next == null;
        }
        return next != null;
    }

    @Override
    public final MetricPoint next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        MetricPoint p = next;
        next = null;
        return p;
    }
}

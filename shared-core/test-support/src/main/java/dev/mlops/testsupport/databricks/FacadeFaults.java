package dev.mlops.testsupport.databricks;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Failures the facade injects so tests can drive the backend's fault handling through the real driver: a warehouse
 * that is starting (503 before anything runs), throttling (429 before anything runs), and a lost answer (the
 * statement runs to completion on the engine, then the connection is dropped, so the caller cannot know the outcome).
 */
public final class FacadeFaults {

    public enum Kind {
        /** HTTP 503 TEMPORARILY_UNAVAILABLE "warehouse is starting"; the statement is not run. */
        WAREHOUSE_STARTING,
        /** HTTP 429 with Retry-After; the statement is not run. */
        THROTTLED,
        /** The statement runs and commits, then the HTTP exchange is aborted without an answer. */
        LOST_ANSWER,
        /** HTTP 401: the credential is refused (as after a rotation). */
        UNAUTHENTICATED
    }

    private record Planned(Kind kind, Predicate<String> statement) {
    }

    private final ConcurrentLinkedQueue<Planned> planned = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();

    /** The next statement whose text matches {@code statement} meets {@code kind}, once. */
    public void next(Kind kind, Predicate<String> statement) {
        planned.add(new Planned(kind, statement));
    }

    /** The next {@code times} statements matching {@code statement} meet {@code kind}. */
    public void next(Kind kind, int times, Predicate<String> statement) {
        for (int i = 0; i < times; i++) {
            next(kind, statement);
        }
    }

    /** How many planned faults have been served so far. */
    public int served() {
        return served.get();
    }

    /** Planned faults not served yet. */
    public int pending() {
        return planned.size();
    }

    public void clear() {
        planned.clear();
    }

    /** Takes the first planned fault that applies to this statement text, or null. */
    Kind take(String statement) {
        for (Planned p : planned) {
            if (p.statement().test(statement) && planned.remove(p)) {
                served.incrementAndGet();
                return p.kind();
            }
        }
        return null;
    }
}

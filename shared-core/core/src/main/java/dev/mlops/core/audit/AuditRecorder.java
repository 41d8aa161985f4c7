package dev.mlops.core.audit;

import dev.mlops.core.port.AuditLog;
import dev.mlops.core.port.OpsCounters;
import dev.mlops.core.port.OpsCounters.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes audit entries off the request path: {@link #record} only puts the entry on a bounded queue, and one
 * daemon thread appends batches to the {@link AuditLog}. A slow or failing store therefore never fails or delays the
 * call being audited: a full queue drops the entry and a failed append (after one retry) loses its batch, and both
 * are counted ({@link Counter#AUDIT_DROPPED}, {@link Counter#AUDIT_WRITE_FAILED}). A Lambda, which freezes after its
 * answer, calls {@link #awaitIdle} with a short bound at the end of each request.
 */
public final class AuditRecorder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuditRecorder.class);
    /** DynamoDB's BatchWriteItem limit; the local file takes any size. */
    public static final int BATCH = 25;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private final AuditLog log;
    private final OpsCounters counters;
    private final BlockingQueue<AuditEntry> queue;
    private final Object idle = new Object();
    private final Thread writer;
    private long pending;
    private volatile boolean closed;

    public AuditRecorder(AuditLog log, OpsCounters counters, int capacity) {
        this.log = log;
        this.counters = counters;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().daemon().name("audit-writer").unstarted(this::run);
        writer.start();
    }

    /** Queues the entry; never blocks. */
    public void record(AuditEntry entry) {
        synchronized (idle) {
            if (closed || !queue.offer(entry)) {
                counters.increment(Counter.AUDIT_DROPPED);
                return;
            }
            pending++;
        }
    }

    /** Waits until every queued entry was written or given up, at most {@code bound}; true when idle. */
    public boolean awaitIdle(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (idle) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void run() {
        List<AuditEntry> batch = new ArrayList<>(BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                AuditEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    queue.drainTo(batch);
                    write(batch);
                    return;
                }
            } finally {
                synchronized (idle) {
                    pending -= batch.size();
                    idle.notifyAll();
                }
                batch.clear();
            }
        }
    }

    private void write(List<AuditEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                log.append(List.copyOf(batch));
                counters.increment(Counter.AUDIT_RECORDED, batch.size());
                return;
            } catch (RuntimeException e) {
                if (attempt == 2) {
                    counters.increment(Counter.AUDIT_WRITE_FAILED, batch.size());
                    LOG.warnf("Lost %d audit entries: the audit log refused them (%s)", batch.size(),
                            e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(RETRY_PAUSE);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Writes what is queued (up to five seconds), then stops the writer. */
    @Override
    public void close() {
        awaitIdle(Duration.ofSeconds(5));
        closed = true;
        writer.interrupt();
        try {
            writer.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.mlops.lakeapi;

import dev.mlops.api.BackendConfig;
import dev.mlops.core.error.TemporarilyUnavailableException;
import dev.mlops.core.recovery.WriteFence;
import dev.mlops.lake.FlushReport;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The local backend's flusher: one background thread flushes every run on an interval, answers threshold requests
 * for single runs (several requests for one run while it is queued count once), and flushes once more at shutdown.
 * On AWS it stays idle: the metric-flush function does this work.
 */
@ApplicationScoped
public class LocalFlusher {

    private static final Logger LOG = Logger.getLogger(LocalFlusher.class);

    @Inject
    BackendConfig config;

    @Inject
    LakeConfig lakeConfig;

    @Inject
    Provider<Flushes> flushes;

    @Inject
    Provider<WriteFence> fence;

    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService executor;

    void start(@Observes StartupEvent event) {
        if (!"local".equals(config.backend())) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metric-flush");
            t.setDaemon(true);
            return t;
        });
        long every = lakeConfig.flushInterval().toMillis();
        if (every > 0) {
            executor.scheduleWithFixedDelay(this::flushAll, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void request(String experimentId, String runId, long buffered) {
        if (executor != null && queued.add(runId)) {
            executor.execute(() -> {
                queued.remove(runId);
                try (WriteFence.Permit permit = fence.get().admit()) {
                    log(flushes.get().flushOne(runId, experimentId));
                } catch (TemporarilyUnavailableException fenced) {
                    LOG.infof("Flush of run %s skipped: %s", runId, fenced.getMessage());
                }
            });
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushAll();
    }

    /** A flush moves points between buffer and lake: it is a write, and waits out a snapshot or a restore. */
    private void flushAll() {
        try (WriteFence.Permit permit = fence.get().admit()) {
            log(flushes.get().flushAll());
        } catch (TemporarilyUnavailableException fenced) {
            LOG.infof("Scheduled metric flush skipped: %s", fenced.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("Scheduled metric flush failed; the buffer is kept: %s", e.getMessage());
        }
    }

    private static void log(FlushReport report) {
        if (report.points() > 0 || report.filesAdopted() > 0 || !report.ok()) {
            LOG.infof("Flushed %d points of %d runs into %d files in %d ms%s", report.points(), report.runs(),
                    report.filesWritten(), report.millis(), report.ok() ? "" : "; failures: " + report.failures());
        }
    }
}

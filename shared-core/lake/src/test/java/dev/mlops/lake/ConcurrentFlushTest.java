package dev.mlops.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.lake.MetricFlusher.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flushers racing each other while a training job keeps logging: no point lost, none doubled. */
class ConcurrentFlushTest {

    @TempDir
    Path dir;

    @Test
    void threeFlushersAndAWriter_shouldLeaveEveryPointOnce() throws Exception {
        LocalLake lake = new LocalLake(dir);
        List<MetricPoint> logged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int b = 0; b < 60; b++) {
                    List<MetricPoint> tmp = new ArrayList<>();
                    MetricFlusherFaultTest.log(lake, tmp, b, 1);
                    logged.addAll(tmp);
                }
                writing.set(false);
            });
            List<Future<?>> flushers = new ArrayList<>();
            for (int f = 0; f < 3; f++) {
                flushers.add(pool.submit(() -> {
                    while (writing.get()) {
                        lake.flusher(new Settings(4, 0, 0, 50), MetricFlusher.StepHook.NONE).flushAll();
                    }
                }));
            }
            writer.get(2, TimeUnit.MINUTES);
            for (Future<?> f : flushers) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(lake.flusher().flushAll().failures()).isEmpty();

        MetricFlusherFaultTest.assertExactlyOnce(lake, logged);
        assertThat(lake.buffer.snapshot("run1").batches()).isEmpty();
    }
}

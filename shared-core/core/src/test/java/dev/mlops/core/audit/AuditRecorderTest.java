package dev.mlops.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.AuditLog;
import dev.mlops.core.port.OpsCounters;
import dev.mlops.core.port.OpsCounters.Counter;
import dev.mlops.core.port.Page;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The recorder never makes a call wait for or fail on the audit store, and counts what it loses. */
class AuditRecorderTest {

    private final OpsCounters counters = OpsCounters.inMemory();

    @Test
    void entries_shouldReachTheLog_inBatches() {
        List<AuditEntry> stored = new CopyOnWriteArrayList<>();
        try (AuditRecorder recorder = new AuditRecorder(log(stored::addAll), counters, 100)) {
            for (int i = 0; i < 30; i++) {
                recorder.record(entry(i));
            }
            assertThat(recorder.awaitIdle(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(stored).hasSize(30);
        assertThat(counters.count(Counter.AUDIT_RECORDED)).isEqualTo(30);
    }

    @Test
    void aFailingStore_shouldLoseTheBatch_countedAndQuietly() {
        try (AuditRecorder recorder = new AuditRecorder(log(entries -> {
            throw new StorageFailureException("table is gone");
        }), counters, 100)) {
            recorder.record(entry(1));
            assertThat(recorder.awaitIdle(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(counters.count(Counter.AUDIT_WRITE_FAILED)).isEqualTo(1);
    }

    @Test
    void aStuckStore_shouldNeitherBlockNorFailTheCaller_andDropsAreCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AuditRecorder recorder = new AuditRecorder(log(entries -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), counters, 2);
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            recorder.record(entry(i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(recorder.awaitIdle(Duration.ofMillis(50))).isFalse();
        // The writer may already hold one batch (at most the two queued entries plus the one it polled) before the
        // store sticks; the queue then holds two more, so at least 50 - 3 - 2 entries are dropped.
        assertThat(counters.count(Counter.AUDIT_DROPPED)).isGreaterThanOrEqualTo(45).isLessThan(50);
        release.countDown();
        recorder.close();
    }

    @Test
    void pageTokens_shouldRefuseGarbageAndOtherSearches() {
        AuditSearch search = new AuditSearch(log(entries -> { }));
        assertThatThrownBy(() -> search.search(null, null, null, null, null, "5", "%%%"))
                .isInstanceOf(InvalidParameterException.class);
        AuditQuery mine = new AuditQuery("a", null, null, null, null, 5, null);
        AuditQuery theirs = new AuditQuery("b", null, null, null, null, 5, null);
        String token = AuditSearch.encode(AuditEntry.sortKey(1000, "abc"), mine);
        assertThat(AuditSearch.decode(token, mine)).isEqualTo(AuditEntry.sortKey(1000, "abc"));
        assertThatThrownBy(() -> AuditSearch.decode(token, theirs)).hasMessageContaining("other filters");
        assertThatThrownBy(() -> search.search(null, null, null, "yesterday", null, null, null))
                .hasMessageContaining("'after'");
        assertThatThrownBy(() -> search.search(null, null, null, null, null, "1001", null))
                .hasMessageContaining("max_results");
        assertThat(AuditSearch.time("after", "2025-01-02")).isEqualTo(1735776000000L);
    }

    private static AuditEntry entry(int i) {
        return AuditEntry.of(1000 + i, "u", "LogMetric", List.of("run/r"), AuditEntry.OK, "req-" + i);
    }

    private static AuditLog log(java.util.function.Consumer<List<AuditEntry>> append) {
        return new AuditLog() {
            @Override
            public void append(List<AuditEntry> entries) {
                append.accept(entries);
            }

            @Override
            public Page<AuditEntry> search(AuditQuery query) {
                return new Page<>(List.of(), null);
            }
        };
    }
}

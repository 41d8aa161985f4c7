package dev.mlops.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.local.DiskSpace;
import dev.mlops.core.local.LocalLakeRoot;
import dev.mlops.core.local.LocalMetricStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check's UP, WARNING and DOWN paths, with the disk, heap and clock simulated through their ports. */
class ReadinessChecksTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dataDir;

    /** A volume of 100 GiB with {@code freeBytes} usable, standing in for the real file store. */
    private static DiskSpace.Probe disk(long freeBytes) {
        return new DiskSpace.Probe() {
            @Override
            public long usableBytes(Path dir) {
                return freeBytes;
            }

            @Override
            public long totalBytes(Path dir) {
                return 100 * GIB;
            }
        };
    }

    private CheckResult disk(long freeBytes, long reserve) {
        return new DiskCheck(new DiskSpace(dataDir, reserve, disk(freeBytes)), Thresholds.percent(90, 95)).check();
    }

    @Test
    void disk_shouldBeUpBelowTheWarning_warnFrom90Percent_andGoDownFrom95Percent() {
        CheckResult up = disk(50 * GIB, 64L << 20);
        CheckResult warning = disk(8 * GIB, 64L << 20);
        CheckResult down = disk(4 * GIB, 64L << 20);

        assertThat(up.level()).isEqualTo(HealthLevel.UP);
        assertThat(up.data()).containsEntry("used_percent", 50.0).containsEntry("free_bytes", 50 * GIB)
                .containsEntry("total_bytes", 100 * GIB);
        assertThat(warning.level()).isEqualTo(HealthLevel.WARNING);
        assertThat(warning.message()).contains("92.0% of the volume is used").contains("warning at 90.0%");
        assertThat(down.level()).isEqualTo(HealthLevel.DOWN);
        assertThat(down.message()).contains("critical at 95.0%");
    }

    @Test
    void disk_shouldBeDown_whenFreeSpaceIsBelowTheWriteReserve_whateverThePercentage() {
        CheckResult full = new DiskCheck(new DiskSpace(dataDir, 64L << 20, new DiskSpace.Probe() {
            @Override
            public long usableBytes(Path dir) {
                return 1L << 20;
            }

            @Override
            public long totalBytes(Path dir) {
                return 1L << 40;
            }
        }), Thresholds.percent(90, 95)).check();

        assertThat(full.level()).isEqualTo(HealthLevel.DOWN);
        assertThat(full.message()).contains("below the 67108864-byte reserve");
    }

    @Test
    void disk_shouldBeDown_whenTheVolumeCannotBeRead() {
        CheckResult unreadable = new DiskCheck(new DiskSpace(dataDir, 0, dir -> {
            throw new IOException("stale file handle");
        }), Thresholds.percent(90, 95)).check();

        assertThat(unreadable.level()).isEqualTo(HealthLevel.DOWN);
        assertThat(unreadable.message()).contains("stale file handle");
    }

    @Test
    void memory_shouldJudgeLiveDataAfterGc_againstItsThresholds() {
        Thresholds limits = Thresholds.percent(85, 95);
        long max = 1000L << 20;

        CheckResult up = new MemoryCheck(() -> new HeapUsage(900L << 20, 300L << 20, max), limits).check();
        CheckResult warning = new MemoryCheck(() -> new HeapUsage(900L << 20, -1, max), limits).check();
        CheckResult down = new MemoryCheck(() -> new HeapUsage(990L << 20, 960L << 20, max), limits).check();

        assertThat(up.level()).as("garbage alone does not warn").isEqualTo(HealthLevel.UP);
        assertThat(up.data()).containsEntry("used_percent", 30.0).containsEntry("heap_max_bytes", max);
        assertThat(warning.level()).as("before any GC, use counts").isEqualTo(HealthLevel.WARNING);
        assertThat(down.level()).isEqualTo(HealthLevel.DOWN);
        assertThat(HeapUsage.current().max()).isPositive();
    }

    @Test
    void storage_shouldBeUpOnAWritableDataDir_andDownWhenItCannotBeWritten() throws IOException {
        Path notADirectory = Files.writeString(dataDir.resolve("a-file"), "x");

        CheckResult up = new DataDirCheck(dataDir).check();
        CheckResult down = new DataDirCheck(notADirectory).check();

        assertThat(up.level()).isEqualTo(HealthLevel.UP);
        assertThat(up.data()).containsEntry("writable", true);
        assertThat(down.level()).isEqualTo(HealthLevel.DOWN);
        assertThat(down.message()).startsWith("the data directory is not writable");
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("the probe file is removed").containsExactly(notADirectory);
        }
    }

    @Test
    void lake_shouldWarnAndThenGoDown_asTheOldestUnflushedBatchAges() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        InstantSource clock = now::get;
        LocalMetricStore buffer = new LocalMetricStore(dataDir, new DiskSpace(dataDir, 0, DiskSpace.FILE_STORE),
                clock);
        LakeCheck check = new LakeCheck(new LocalLakeRoot(dataDir.resolve("lake")), buffer, Duration.ofMinutes(15),
                Duration.ofHours(1), clock);

        CheckResult empty = check.check();
        buffer.append("1", "run1", List.of(new MetricPoint("loss", 0.5, 1, 0)));
        now.set(now.get().plus(Duration.ofMinutes(1)));
        CheckResult fresh = check.check();
        now.set(now.get().plus(Duration.ofMinutes(20)));
        CheckResult stale = check.check();
        now.set(now.get().plus(Duration.ofHours(1)));
        CheckResult stuck = check.check();

        assertThat(empty.level()).isEqualTo(HealthLevel.UP);
        assertThat(empty.data()).containsEntry("root_exists", false).containsEntry("pending_runs", 0L);
        assertThat(fresh.level()).isEqualTo(HealthLevel.UP);
        assertThat(fresh.data()).containsEntry("oldest_buffer_age_seconds", 60L).containsEntry("buffered_points", 1L);
        assertThat(stale.level()).isEqualTo(HealthLevel.WARNING);
        assertThat(stale.message()).contains("is the flush running?");
        assertThat(stuck.level()).isEqualTo(HealthLevel.DOWN);
    }

    @Test
    void lake_shouldBeDown_whenTheRootCannotBeRead() throws IOException {
        Path notADirectory = Files.writeString(dataDir.resolve("lake"), "x");
        LocalMetricStore buffer = new LocalMetricStore(dataDir, new DiskSpace(dataDir, 0, DiskSpace.FILE_STORE));

        CheckResult down = new LakeCheck(new LocalLakeRoot(notADirectory), buffer, Duration.ofMinutes(15),
                Duration.ofHours(1), InstantSource.system()).check();

        assertThat(down.level()).isEqualTo(HealthLevel.DOWN);
        assertThat(down.data()).containsEntry("root_readable", false);
    }

    @Test
    void run_shouldReportEveryCheck_theWorstLevel_andAThrowingCheckAsDown() {
        ReadinessCheck warns = check("a", HealthLevel.WARNING);
        ReadinessCheck throwing = new ReadinessCheck() {
            @Override
            public String name() {
                return "b";
            }

            @Override
            public CheckResult check() {
                throw new IllegalStateException("endpoint unreachable");
            }
        };

        ReadinessReport warned = new ReadinessChecks(List.of(check("x", HealthLevel.UP), warns),
                InstantSource.system()).run();
        ReadinessReport down = new ReadinessChecks(List.of(warns, throwing), InstantSource.system()).run();

        assertThat(warned.level()).isEqualTo(HealthLevel.WARNING);
        assertThat(warned.ready()).isTrue();
        assertThat(warned.status()).isEqualTo("UP");
        assertThat(down.ready()).isFalse();
        assertThat(down.checks()).extracting(CheckResult::name).containsExactly("a", "b");
        assertThat(down.checks().get(1).message()).isEqualTo("the check failed: endpoint unreachable");
        assertThatThrownBy(() -> Thresholds.percent(96, 95)).isInstanceOf(IllegalArgumentException.class);
    }

    static ReadinessCheck check(String name, HealthLevel level) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult check() {
                return new CheckResult(name, level, level.name().toLowerCase(), java.util.Map.of());
            }
        };
    }
}

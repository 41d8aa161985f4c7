package dev.mlops.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.audit.AuditEntry;
import dev.mlops.core.contract.AuditLogContract;
import dev.mlops.core.port.AuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAuditLogTest extends AuditLogContract {

    @TempDir
    Path dataDir;
    private LocalAuditLog log;

    @BeforeEach
    void open() {
        log = new LocalAuditLog(dataDir, Duration.ofDays(400), InstantSource.system());
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Override
    protected AuditLog log() {
        return log;
    }

    @Test
    void entries_shouldSurviveARestart_andATornLastLine() throws Exception {
        AuditEntry kept = entry(NOW - 100, "carol", "CreateExperiment", List.of("experiment/7"), "ok");
        log.append(List.of(kept));
        log.close();
        Path file = dataDir.resolve("audit/audit-" + day(kept.timestamp()) + ".jsonl");
        Files.writeString(file, "{\"id\":\"torn", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        log = new LocalAuditLog(dataDir, Duration.ofDays(400), InstantSource.system());
        AuditEntry after = entry(NOW - 50, "carol", "DeleteExperiment", List.of("experiment/7"), "ok");
        log.append(List.of(after));
        log.close();
        log = new LocalAuditLog(dataDir, Duration.ofDays(400), InstantSource.system());

        assertThat(log.search(query("carol", null, null, null, null, 10, null)).items()).containsExactly(after, kept);
    }

    @Test
    void dayFiles_shouldBeDeleted_whenOlderThanTheRetention() {
        long old = NOW - Duration.ofDays(3).toMillis();
        log.append(List.of(entry(old, "dave", "DeleteRun", List.of("run/old"), "ok")));
        log.close();

        log = new LocalAuditLog(dataDir, Duration.ofDays(1), InstantSource.system());

        assertThat(dataDir.resolve("audit/audit-" + day(old) + ".jsonl")).doesNotExist();
        assertThat(log.search(query("dave", null, null, null, null, 10, null)).items()).isEmpty();
    }

    private static LocalDate day(long millis) {
        return java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    }
}

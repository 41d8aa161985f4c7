package dev.mlops.core.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.audit.AuditEntry;
import dev.mlops.core.audit.AuditQuery;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.AuditLog;
import dev.mlops.core.port.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The local audit log: append-only JSON lines under {@code <data-dir>/audit/audit-<yyyy-mm-dd>.jsonl}, one file per
 * UTC day so retention deletes whole files. Each append is written and fsynced before it returns. The files are
 * read once at open into in-memory indexes (by time, actor, action and resource) that searches walk newest first,
 * reading only entries of the chosen index. A torn last line (a crash mid-append) is skipped on read.
 */
public final class LocalAuditLog implements AuditLog, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalAuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "audit-";
    private static final String SUFFIX = ".jsonl";

    private static final NavigableMap<String, AuditEntry> EMPTY = java.util.Collections.emptyNavigableMap();

    private final Path dir;
    private final Duration retention;
    private final InstantSource clock;
    private final NavigableMap<String, AuditEntry> timeline = new TreeMap<>();
    private final Map<String, NavigableMap<String, AuditEntry>> byActor = new HashMap<>();
    private final Map<String, NavigableMap<String, AuditEntry>> byAction = new HashMap<>();
    private final Map<String, NavigableMap<String, AuditEntry>> byResource = new HashMap<>();
    private FileChannel current;
    private LocalDate currentDay;

    public LocalAuditLog(Path dataDir, Duration retention, InstantSource clock) {
        this.dir = dataDir.resolve("audit");
        this.retention = retention;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
        load();
    }

    @Override
    public synchronized void append(List<AuditEntry> entries) {
        Map<LocalDate, StringBuilder> byDay = new LinkedHashMap<>();
        List<AuditEntry> fresh = new ArrayList<>();
        for (AuditEntry entry : entries) {
            if (!timeline.containsKey(entry.sortKey())) {
                byDay.computeIfAbsent(day(entry.timestamp()), d -> new StringBuilder()).append(line(entry));
                fresh.add(entry);
            }
        }
        try {
            for (Map.Entry<LocalDate, StringBuilder> day : byDay.entrySet()) {
                FileChannel channel = channel(day.getKey());
                ByteBuffer bytes = ByteBuffer.wrap(day.getValue().toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(false);
            }
        } catch (IOException e) {
            throw new StorageFailureException("Cannot append to the audit log in " + dir + ": " + e.getMessage(), e);
        }
        fresh.forEach(this::index);
    }

    @Override
    public synchronized Page<AuditEntry> search(AuditQuery query) {
        NavigableMap<String, AuditEntry> source = smallest(query);
        String upper = query.upperKey();
        NavigableMap<String, AuditEntry> window = upper == null ? source : source.headMap(upper, false);
        List<AuditEntry> found = new ArrayList<>();
        for (AuditEntry entry : window.descendingMap().values()) {
            if (query.after() != null && entry.timestamp() < query.after()) {
                break;
            }
            if (query.matches(entry)) {
                if (found.size() == query.maxResults()) {
                    return new Page<>(found, found.getLast().sortKey());
                }
                found.add(entry);
            }
        }
        return new Page<>(found, null);
    }

    /** The narrowest index the filters allow: each given filter names one list, and the shortest one is walked. */
    private NavigableMap<String, AuditEntry> smallest(AuditQuery query) {
        NavigableMap<String, AuditEntry> best = timeline;
        best = narrower(best, query.resource(), byResource);
        best = narrower(best, query.actor(), byActor);
        return narrower(best, query.action(), byAction);
    }

    private static NavigableMap<String, AuditEntry> narrower(NavigableMap<String, AuditEntry> best, String key,
                                                             Map<String, NavigableMap<String, AuditEntry>> index) {
        if (key == null) {
            return best;
        }
        NavigableMap<String, AuditEntry> candidate = index.getOrDefault(key, EMPTY);
        return candidate.size() < best.size() ? candidate : best;
    }

    private void index(AuditEntry entry) {
        String key = entry.sortKey();
        timeline.put(key, entry);
        byActor.computeIfAbsent(entry.actor(), k -> new TreeMap<>()).put(key, entry);
        byAction.computeIfAbsent(entry.action(), k -> new TreeMap<>()).put(key, entry);
        for (String resource : entry.resources()) {
            byResource.computeIfAbsent(resource, k -> new TreeMap<>()).put(key, entry);
        }
    }

    private void load() {
        LocalDate oldest = day(clock.millis() - retention.toMillis());
        long cutoff = clock.millis() - retention.toMillis();
        int torn = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(LocalAuditLog::isLogFile).sorted().toList()) {
                if (dayOf(file).isBefore(oldest)) {
                    Files.deleteIfExists(file);
                    continue;
                }
                for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    try {
                        AuditEntry entry = JSON.readValue(text, AuditEntry.class);
                        if (entry.timestamp() >= cutoff) {
                            index(entry);
                        }
                    } catch (IOException | RuntimeException bad) {
                        torn++;
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StorageFailureException("Cannot read the audit log in " + dir + ": " + e.getMessage(), e);
        }
        if (torn > 0) {
            LOG.warnf("Skipped %d unreadable audit lines in %s (a torn write)", torn, dir);
        }
    }

    private FileChannel channel(LocalDate day) throws IOException {
        if (!day.equals(currentDay)) {
            closeCurrent();
            Path file = dir.resolve(PREFIX + day + SUFFIX);
            current = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (current.size() > 0) {
                terminateTornLine(file);
            }
            currentDay = day;
        }
        return current;
    }

    /** After a crash mid-line, start on a fresh line so the next entry stays readable. */
    private void terminateTornLine(Path file) throws IOException {
        try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            read.read(last, read.size() - 1);
            if (last.get(0) != '\n') {
                current.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
        }
    }

    private static String line(AuditEntry entry) {
        try {
            return JSON.writeValueAsString(entry) + "\n";
        } catch (IOException e) {
            throw new StorageFailureException("Cannot encode an audit entry", e);
        }
    }

    private static boolean isLogFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX)
                && name.substring(PREFIX.length(), name.length() - SUFFIX.length()).matches("\\d{4}-\\d{2}-\\d{2}");
    }

    private static LocalDate dayOf(Path file) {
        String name = file.getFileName().toString();
        return LocalDate.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    private static LocalDate day(long millis) {
        return java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            current.close();
            current = null;
            currentDay = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeCurrent();
        } catch (IOException e) {
            LOG.warnf("Closing the audit log: %s", e.getMessage());
        }
    }
}

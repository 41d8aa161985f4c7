package dev.mlops.databricks.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.core.audit.AuditEntry;
import dev.mlops.core.audit.AuditQuery;
import dev.mlops.core.port.AuditLog;
import dev.mlops.core.port.Page;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.sql.Row;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The audit log in {@code audit_log}, partitioned by the entry's UTC day. An append is one MERGE of the whole batch
 * on (day, entry id), so a repeated append stores nothing twice. A search is one statement: the filters, the time
 * window (which prunes days), and the page cursor as predicates, ordered by the entry's sort key, newest first, with
 * one row more than the page to tell whether another page follows. Entries older than the retention are not
 * returned, and days past it are deleted by the first append of a process and then daily ({@link #expire()}, a
 * partition-level delete in Delta): appends run off the request path, so neither a cold start nor a request waits.
 */
public final class DatabricksAuditLog implements AuditLog {

    private static final Logger LOG = Logger.getLogger(DatabricksAuditLog.class);

    private static final String ENTRY_TYPE = "'array<struct<day:string,entry_id:string,sort_key:string,ts:bigint,"
            + "actor:string,action:string,resources:array<string>,outcome:string,request_id:string>>'";

    /** One entry as a row of the table (field names are the columns'). */
    record Stored(@JsonProperty("day") String day, @JsonProperty("entry_id") String entryId,
                  @JsonProperty("sort_key") String sortKey, @JsonProperty("ts") long ts,
                  @JsonProperty("actor") String actor, @JsonProperty("action") String action,
                  @JsonProperty("resources") List<String> resources, @JsonProperty("outcome") String outcome,
                  @JsonProperty("request_id") String requestId) {
        static Stored of(AuditEntry e) {
            return new Stored(DatabricksAuditLog.day(e.timestamp()), e.id(), e.sortKey(), e.timestamp(), e.actor(), e.action(),
                    e.resources(), e.outcome(), e.requestId());
        }
    }

    private final Warehouse warehouse;
    private final String table;
    private final Duration retention;
    private final InstantSource clock;
    private final AtomicLong nextExpiry = new AtomicLong();

    public DatabricksAuditLog(Warehouse warehouse, DatabricksSettings settings, Duration retention,
                              InstantSource clock) {
        this.warehouse = warehouse;
        this.table = settings.table(DeltaSchema.AUDIT_LOG);
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void append(List<AuditEntry> entries) {
        Map<String, Stored> unique = new LinkedHashMap<>();
        entries.forEach(e -> unique.putIfAbsent(e.id(), Stored.of(e)));
        if (unique.isEmpty()) {
            return;
        }
        warehouse.inLane(table, () -> warehouse.execute(Sql.of("MERGE INTO " + table + " t USING (SELECT"
                + " inline(from_json(?, " + ENTRY_TYPE + "))) s ON t.day = s.day AND t.entry_id = s.entry_id"
                + " WHEN NOT MATCHED THEN INSERT *", Codec.json(List.copyOf(unique.values()))), Warehouse.Retry.SAFE));
        long now = clock.millis();
        long due = nextExpiry.get();
        if (now >= due && nextExpiry.compareAndSet(due, now + Duration.ofDays(1).toMillis())) {
            try {
                expire();
            } catch (RuntimeException e) {
                LOG.warnf("Could not delete audit entries past the retention (next try in a day): %s",
                        e.getMessage());
            }
        }
    }

    @Override
    public Page<AuditEntry> search(AuditQuery query) {
        long oldest = clock.millis() - retention.toMillis();
        long after = query.after() == null ? oldest : Math.max(oldest, query.after());
        Sql.Builder sql = Sql.builder().sql("SELECT entry_id, ts, actor, action, to_json(resources) AS resources,"
                + " outcome, request_id, sort_key FROM " + table + " WHERE day >= ? AND ts >= ?", day(after), after);
        if (query.actor() != null) {
            sql.sql(" AND actor = ?", query.actor());
        }
        if (query.action() != null) {
            sql.sql(" AND action = ?", query.action());
        }
        if (query.resource() != null) {
            sql.sql(" AND array_contains(resources, ?)", query.resource());
        }
        if (query.before() != null) {
            sql.sql(" AND day <= ? AND ts < ?", day(query.before()), query.before());
        }
        if (query.olderThan() != null) {
            sql.sql(" AND sort_key < ?", query.olderThan());
        }
        sql.sql(" ORDER BY sort_key DESC LIMIT ?", query.maxResults() + 1);
        List<AuditEntry> found = new ArrayList<>();
        for (Row r : warehouse.query(sql.build())) {
            found.add(new AuditEntry(r.str("entry_id"), r.lng("ts"), r.str("actor"), r.str("action"),
                    Codec.list(r, "resources"), r.str("outcome"), r.str("request_id")));
        }
        if (found.size() <= query.maxResults()) {
            return new Page<>(found, null);
        }
        List<AuditEntry> page = List.copyOf(found.subList(0, query.maxResults()));
        return new Page<>(page, page.getLast().sortKey());
    }

    /** Deletes entries of days wholly past the retention (whole partitions, so Delta drops files). */
    public void expire() {
        String firstKept = day(clock.millis() - retention.toMillis());
        warehouse.inLane(table, () -> warehouse.execute(Sql.of("DELETE FROM " + table + " WHERE day < ?", firstKept),
                Warehouse.Retry.SAFE));
    }

    static String day(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}

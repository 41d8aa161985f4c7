package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.audit.AuditEntry;
import dev.mlops.core.audit.AuditQuery;
import dev.mlops.core.port.AuditLog;
import dev.mlops.core.port.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link AuditLog} must do. Each backend's test extends this and supplies a fresh log. */
public abstract class AuditLogContract {

    /** Entries are written a little in the past: recent enough for any retention, ordered by these offsets. */
    protected static final long NOW = System.currentTimeMillis();

    protected abstract AuditLog log();

    @Test
    void search_shouldAnswerNewestFirst_withEveryFieldKept() {
        String actor = unique("actor");
        AuditEntry older = entry(NOW - 3_000, actor, "CreateRun", List.of("experiment/1", "run/r1"), "ok");
        AuditEntry newer = entry(NOW - 1_000, actor, "LogParam", List.of("run/r1"), "INVALID_PARAMETER_VALUE");
        log().append(List.of(older, newer));

        Page<AuditEntry> page = log().search(query(actor, null, null, null, null, 10, null));

        assertThat(page.items()).containsExactly(newer, older);
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void search_shouldFilterByActorActionAndResource_together() {
        String actor = unique("alice");
        String other = unique("bob");
        String run = "run/" + unique("r");
        AuditEntry a = entry(NOW - 5_000, actor, "SetTag", List.of(run), "ok");
        AuditEntry b = entry(NOW - 4_000, other, "SetTag", List.of(run), "ok");
        AuditEntry c = entry(NOW - 3_000, actor, "LogMetric", List.of(run), "ok");
        AuditEntry d = entry(NOW - 2_000, actor, "SetTag", List.of("run/" + unique("elsewhere")), "ok");
        log().append(List.of(a, b, c, d));

        assertThat(log().search(query(null, null, run, null, null, 10, null)).items()).containsExactly(c, b, a);
        assertThat(log().search(query(actor, null, null, null, null, 10, null)).items()).containsExactly(d, c, a);
        assertThat(log().search(query(actor, "SetTag", run, null, null, 10, null)).items()).containsExactly(a);
        assertThat(log().search(query(other, "SetTag", null, null, null, 10, null)).items()).containsExactly(b);
        assertThat(log().search(query(unique("nobody"), null, null, null, null, 10, null)).items()).isEmpty();
    }

    @Test
    void search_shouldKeepToTheTimeWindow_afterInclusiveBeforeExclusive() {
        String actor = unique("window");
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(entry(NOW - 10_000 + i * 1_000, actor, "UpdateRun", List.of("run/w"), "ok"));
        }
        log().append(entries);

        Page<AuditEntry> window = log().search(query(actor, null, null, NOW - 9_000, NOW - 7_000, 10, null));

        assertThat(window.items()).containsExactly(entries.get(2), entries.get(1));
    }

    @Test
    void pages_shouldCoverEveryMatchOnce_inOrder() {
        String actor = unique("pager");
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            entries.add(entry(NOW - 20_000 + i * 100, actor, i % 2 == 0 ? "LogBatch" : "SetTag", List.of("run/p"),
                    "ok"));
        }
        log().append(entries);

        List<AuditEntry> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<AuditEntry> page = log().search(query(actor, "LogBatch", null, null, null, 2, cursor));
            seen.addAll(page.items());
            cursor = page.nextPageToken();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactly(entries.get(6), entries.get(4), entries.get(2), entries.get(0));
    }

    @Test
    void append_shouldStoreAnEntryOnce_whenItIsAppendedAgain() {
        String actor = unique("retry");
        AuditEntry entry = entry(NOW - 500, actor, "DeleteRun", List.of("run/x"), "ok");

        log().append(List.of(entry));
        log().append(List.of(entry));

        assertThat(log().search(query(actor, null, null, null, null, 10, null)).items()).containsExactly(entry);
    }

    protected static AuditEntry entry(long timestamp, String actor, String action, List<String> resources,
                                      String outcome) {
        return AuditEntry.of(timestamp, actor, action, resources, outcome, UUID.randomUUID().toString());
    }

    protected static AuditQuery query(String actor, String action, String resource, Long after, Long before,
                                      int max, String olderThan) {
        return new AuditQuery(actor, action, resource, after, before, max, olderThan);
    }

    protected static String unique(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

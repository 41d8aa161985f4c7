package dev.mlops.testsupport.databricks;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Engine time per kind of statement (its first word: SELECT, MERGE, UPDATE, ...), summed and counted. */
public final class EngineTimings {

    private record Tally(LongAdder count, LongAdder millis) {
    }

    private final Map<String, Tally> byKind = new ConcurrentHashMap<>();

    void record(String sql, long millis) {
        String kind = sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        Tally tally = byKind.computeIfAbsent(kind, k -> new Tally(new LongAdder(), new LongAdder()));
        tally.count().increment();
        tally.millis().add(millis);
    }

    /** e.g. {@code MERGE 40 x 1830 ms avg; SELECT 120 x 410 ms avg}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(byKind).forEach((kind, t) -> out.append(out.isEmpty() ? "" : "; ").append(kind).append(' ')
                .append(t.count().sum()).append(" x ")
                .append(t.millis().sum() / Math.max(1, t.count().sum())).append(" ms avg"));
        return out.toString();
    }
}

package dev.mlops.core.recovery;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which snapshots a prune keeps: every tagged snapshot (a tag such as {@code prod-v1.2.0} means someone wants it
 * kept) and any named in {@code protect} (an open restore's), everything younger than {@code keepAll}, the newest
 * of each of the last {@code daily} UTC days and the newest of each of the last {@code weekly} ISO weeks. The rest
 * expires. "7 daily, 4 weekly" thus keeps at most about 11 untagged snapshots, the oldest four weeks old.
 */
public record RetentionPolicy(int daily, int weekly, Duration keepAll) {

    public static final RetentionPolicy DEFAULT = new RetentionPolicy(7, 4, Duration.ofDays(1));

    public RetentionPolicy {
        if (daily < 0 || weekly < 0 || keepAll.isNegative()) {
            throw new IllegalArgumentException("retention counts and age must not be negative");
        }
    }

    /** The longest a retained untagged snapshot lives: what lifecycle rules must leave alone. */
    public Duration horizon() {
        Duration byCount = Duration.ofDays(Math.max(daily, weekly * 7L) + 7);
        return byCount.compareTo(keepAll) > 0 ? byCount : keepAll;
    }

    /** The ids of snapshots to delete now. */
    public Set<String> expired(List<SnapshotManifest> snapshots, Instant now, Set<String> protect) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Set<String> keep = new HashSet<>();
        Set<LocalDate> daysKept = new HashSet<>();
        Set<String> weeksKept = new HashSet<>();
        List<SnapshotManifest> newestFirst = snapshots.stream().sorted(SnapshotManifest.NEWEST_FIRST).toList();
        for (SnapshotManifest s : newestFirst) {
            Instant at = Instant.ofEpochMilli(s.createdAt());
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            String week = day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            boolean young = Duration.between(at, now).compareTo(keepAll) < 0;
            boolean inDailyWindow = !day.isBefore(today.minusDays(daily - 1L)) && daily > 0;
            boolean inWeeklyWindow = !day.isBefore(today.minusWeeks(weekly).plusDays(1)) && weekly > 0;
            boolean keptDay = inDailyWindow && daysKept.add(day);
            boolean keptWeek = inWeeklyWindow && weeksKept.add(week);
            if (s.tag() != null || protect.contains(s.id()) || young || keptDay || keptWeek) {
                keep.add(s.id());
            }
        }
        Set<String> expired = new HashSet<>();
        snapshots.forEach(s -> {
            if (!keep.contains(s.id())) {
                expired.add(s.id());
            }
        });
        return expired;
    }
}

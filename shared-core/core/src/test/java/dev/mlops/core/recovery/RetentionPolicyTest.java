package dev.mlops.core.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");

    @Test
    void expired_shouldKeepSevenDailyAndFourWeekly_ofTwoMonthsOfDailySnapshots() {
        List<SnapshotManifest> daily = new ArrayList<>();
        for (int day = 0; day < 60; day++) {
            daily.add(snapshot("d" + day, NOW.minus(Duration.ofDays(day)).minusSeconds(60), null));
        }

        Set<String> expired = RetentionPolicy.DEFAULT.expired(daily, NOW, Set.of());

        List<String> kept = daily.stream().map(SnapshotManifest::id).filter(id -> !expired.contains(id)).toList();
        // the last 7 days, then the newest of each earlier ISO week within 4 weeks
        assertThat(kept).startsWith("d0", "d1", "d2", "d3", "d4", "d5", "d6");
        assertThat(kept).hasSizeBetween(9, 11);
        assertThat(kept).doesNotContain("d40", "d59");
    }

    @Test
    void expired_shouldNeverTouchTaggedProtectedOrYoungSnapshots() {
        List<SnapshotManifest> all = List.of(
                snapshot("old-tagged", NOW.minus(Duration.ofDays(400)), "prod-v1.2.0"),
                snapshot("old-protected", NOW.minus(Duration.ofDays(300)), null),
                snapshot("old", NOW.minus(Duration.ofDays(200)), null),
                snapshot("young-1", NOW.minus(Duration.ofHours(2)), null),
                snapshot("young-2", NOW.minus(Duration.ofHours(1)), null));

        Set<String> expired = RetentionPolicy.DEFAULT.expired(all, NOW, Set.of("old-protected"));

        assertThat(expired).containsExactly("old");
    }

    @Test
    void horizon_shouldCoverTheOldestRetainedWeekly() {
        assertThat(RetentionPolicy.DEFAULT.horizon()).isGreaterThanOrEqualTo(Duration.ofDays(28));
    }

    static SnapshotManifest snapshot(String id, Instant at, String tag) {
        return new SnapshotManifest(SnapshotManifest.FORMAT, id, tag, null, SnapshotKind.SCHEDULED, at.toEpochMilli(),
                "test", Map.of(), List.of(), SnapshotManifest.rootDigest(List.of()), 0, 0);
    }
}

package dev.mlops.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.MetricPoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {

    private final LakeLayout layout = new LakeLayout(new Path("file:///lake"));

    private static List<MetricPoint> points() {
        return List.of(new MetricPoint("loss", 0.5, 1000L, 1), new MetricPoint("acc", 0.9, 1000L, 1),
                new MetricPoint("loss", Double.NaN, 2000L, 2));
    }

    @Test
    void pathIsHivePartitionedWithDigestName() {
        Path file = layout.fileFor("7", "abc123", MetricRows.sortedDistinct(points()));
        assertThat(file.toString()).matches("file:/lake/experiment_id=7/run_id=abc123/part-[0-9a-f]{32}\\.parquet");
    }

    @Test
    void sameContentInAnyOrderOrRepeatedGetsTheSameName() {
        List<MetricPoint> shuffled = new ArrayList<>(points());
        shuffled.addAll(points()); // a retried batch
        Collections.reverse(shuffled);
        assertThat(layout.fileFor("7", "r", MetricRows.sortedDistinct(shuffled)))
                .isEqualTo(layout.fileFor("7", "r", MetricRows.sortedDistinct(points())));
    }

    @Test
    void anyDifferenceChangesTheName() {
        Path base = layout.fileFor("7", "r", MetricRows.sortedDistinct(points()));
        List<MetricPoint> changed = new ArrayList<>(points());
        changed.set(0, new MetricPoint("loss", Math.nextUp(0.5), 1000L, 1));
        assertThat(layout.fileFor("7", "r", MetricRows.sortedDistinct(changed)).getName()).isNotEqualTo(base.getName());
        assertThat(layout.fileFor("7", "r2", MetricRows.sortedDistinct(points())).getName())
                .isNotEqualTo(base.getName());
        // Partition values are length-prefixed in the digest: ("7","r1") and ("7r","1") differ.
        assertThat(LakeLayout.digest("7", "r1", List.of())).isNotEqualTo(LakeLayout.digest("7r", "1", List.of()));
    }

    @Test
    void rejectsIdsThatAreNotPathSafe() {
        assertThatThrownBy(() -> layout.runDirectory("7", "../x/y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.runDirectory("a=b", "r")).isInstanceOf(IllegalArgumentException.class);
    }
}

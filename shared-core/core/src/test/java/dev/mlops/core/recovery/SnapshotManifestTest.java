package dev.mlops.core.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotManifestTest {

    @Test
    void partDocument_shouldBeCanonical_whateverTheEntryOrder() {
        PartEntry a = PartEntry.object("a/1", 3, "aa".repeat(32), "v1");
        PartEntry b = PartEntry.record("[\"b\",\"2\"]", "{\"x\":{\"S\":\"y\"}}");

        byte[] one = PartDocument.encode(List.of(a, b));
        byte[] other = PartDocument.encode(List.of(b, a));

        assertThat(one).isEqualTo(other);
        assertThat(PartDocument.decode(one)).containsExactly(b, a); // sorted by path: '[' before 'a'
        assertThat(new String(one)).contains("\n{\"path\":\"a/1\",\"size\":3,\"sha256\":");
        assertThatThrownBy(() -> PartDocument.encode(List.of(a, a))).hasMessageContaining("two entries");
    }

    @Test
    void rootDigest_shouldChange_whenAnyPartChanges_andNotWithTheirOrder() {
        PartSummary lake = new PartSummary("lake", "file-tree", "11".repeat(32), 1, 1, 1, Map.of());
        PartSummary meta = new PartSummary("metadata", "file-tree", "22".repeat(32), 1, 1, 1, Map.of());
        PartSummary changed = new PartSummary("metadata", "file-tree", "23".repeat(32), 1, 1, 1, Map.of());

        assertThat(SnapshotManifest.rootDigest(List.of(lake, meta)))
                .isEqualTo(SnapshotManifest.rootDigest(List.of(meta, lake)))
                .isNotEqualTo(SnapshotManifest.rootDigest(List.of(lake, changed)));
    }
}

package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.recovery.Digests;
import dev.mlops.core.recovery.PartSummary;
import dev.mlops.core.recovery.SnapshotKind;
import dev.mlops.core.recovery.SnapshotManifest;
import dev.mlops.core.recovery.SnapshotStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link SnapshotStore} must do; tests use ids of their own and never assume an empty store. */
public abstract class SnapshotStoreContract {

    protected abstract SnapshotStore store();

    @Test
    void documents_shouldBeStoredByContent_andReadBackExactly() {
        byte[] document = ("{\"path\":\"" + UUID.randomUUID() + "\"}\n").getBytes(StandardCharsets.UTF_8);

        String sha = store().putDocument(document);

        assertThat(sha).isEqualTo(Digests.sha256Hex(document));
        assertThat(store().putDocument(document)).isEqualTo(sha);
        assertThat(store().readDocument(sha)).isEqualTo(document);
    }

    @Test
    void readDocument_shouldFailClearly_whenMissing() {
        assertThatThrownBy(() -> store().readDocument(Digests.sha256Hex(UUID.randomUUID().toString().getBytes())))
                .isInstanceOf(StorageFailureException.class).hasMessageContaining("missing");
    }

    @Test
    void manifests_shouldListNewestFirst_andGoWhenDeleted() {
        SnapshotManifest older = manifest(1_000);
        SnapshotManifest newer = manifest(2_000);
        store().putManifest(older);
        store().putManifest(newer);

        assertThat(store().manifest(newer.id())).contains(newer);
        List<String> ids = store().manifests().stream().map(SnapshotManifest::id).toList();
        assertThat(ids).containsSubsequence(newer.id(), older.id());

        store().deleteManifest(older.id());
        assertThat(store().manifest(older.id())).isEmpty();
        assertThat(store().manifest("../../etc/passwd")).isEmpty();
    }

    @Test
    void collectGarbage_shouldKeepWhatIsReferenced_andFreeTheRest() {
        String kept = store().putDocument(("kept " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String dropped = store().putDocument(("dropped " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        Set<String> keep = new java.util.HashSet<>(Set.of(kept));
        store().manifests().forEach(m -> m.parts().forEach(p -> keep.add(p.sha256())));

        long freed = store().collectGarbage(keep);

        assertThat(freed).isPositive();
        assertThat(store().readDocument(kept)).isNotEmpty();
        assertThatThrownBy(() -> store().readDocument(dropped)).isInstanceOf(StorageFailureException.class);
    }

    private static SnapshotManifest manifest(long createdAt) {
        List<PartSummary> parts = List.of(new PartSummary("metadata", "file-tree", "ab".repeat(32), 10, 1, 0,
                Map.of("runs", 1L)));
        return new SnapshotManifest(SnapshotManifest.FORMAT, "snap-test-" + UUID.randomUUID().toString()
                .substring(0, 8), null, "contract", SnapshotKind.MANUAL, createdAt, "test", Map.of("runs", 1L),
                parts, SnapshotManifest.rootDigest(parts), 1, 2);
    }
}

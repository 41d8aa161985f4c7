package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.ArtifactEntry;
import dev.mlops.core.port.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ArtifactStore} must do. Each backend's test extends this and supplies a fresh store. */
public abstract class ArtifactStoreContract {

    protected abstract ArtifactStore store();

    private final ArtifactPath base = ArtifactPath.parse("1/" + UUID.randomUUID().toString().replace("-", "")
            + "/artifacts");

    @Test
    void put_shouldStoreBytes_thatOpenReturns() throws IOException {
        ArtifactPath path = base.resolve(ArtifactPath.parse("model/weights.bin"));

        long written = store().put(path, bytes("hello"), 5);

        assertThat(written).isEqualTo(5);
        assertThat(read(path)).isEqualTo("hello");
    }

    @Test
    void put_shouldReplaceContent_whenPathExists() throws IOException {
        ArtifactPath path = base.resolve(ArtifactPath.parse("a.txt"));
        store().put(path, bytes("first"), 5);

        store().put(path, bytes("second!"), 7);

        assertThat(read(path)).isEqualTo("second!");
    }

    @Test
    void list_shouldReturnDirectChildrenWithSizes() {
        store().put(base.resolve(ArtifactPath.parse("a.txt")), bytes("abc"), 3);
        store().put(base.resolve(ArtifactPath.parse("dir/b.txt")), bytes("de"), 2);

        assertThat(store().list(base)).containsExactly(
                new ArtifactEntry("a.txt", false, 3L),
                new ArtifactEntry("dir", true, null));
        assertThat(store().list(base.resolve(ArtifactPath.parse("dir"))))
                .containsExactly(new ArtifactEntry("b.txt", false, 2L));
    }

    @Test
    void list_shouldBeEmpty_whenDirectoryIsAbsent() {
        assertThat(store().list(base.resolve(ArtifactPath.parse("nothing-here")))).isEmpty();
    }

    @Test
    void open_shouldThrowNotFound_whenFileIsAbsent() {
        assertThatThrownBy(() -> store().open(base.resolve(ArtifactPath.parse("missing.txt"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void delete_shouldRemoveFilesAndTrees() {
        store().put(base.resolve(ArtifactPath.parse("keep.txt")), bytes("k"), 1);
        store().put(base.resolve(ArtifactPath.parse("tree/x/y.txt")), bytes("y"), 1);

        store().delete(base.resolve(ArtifactPath.parse("tree")));
        store().delete(base.resolve(ArtifactPath.parse("never-existed")));

        assertThat(store().list(base)).extracting(ArtifactEntry::path).containsExactly("keep.txt");
    }

    protected ArtifactPath base() {
        return base;
    }

    protected static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private String read(ArtifactPath path) throws IOException {
        try (InputStream in = store().open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

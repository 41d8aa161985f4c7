package dev.mlops.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ArtifactPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/../../b", "/etc/passwd", "a/./b", "..", "a\\..\\b", "C:/x",
            "a/\u0000b", "a/b\nc"})
    void parse_shouldRefuse_whenPathCouldEscapeOrIsOdd(String raw) {
        assertThatThrownBy(() -> ArtifactPath.parse(raw)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void parse_shouldSplitSegmentsAndIgnoreRepeatedOrTrailingSlashes() {
        ArtifactPath path = ArtifactPath.parse("1/abc//artifacts/model/");

        assertThat(path.segments()).containsExactly("1", "abc", "artifacts", "model");
        assertThat(path.toString()).isEqualTo("1/abc/artifacts/model");
        assertThat(path.fileName()).isEqualTo("model");
    }

    @Test
    void parse_shouldAllowDotsInsideNames() {
        assertThat(ArtifactPath.parse("model..v2/weights.tar.gz").segments())
                .containsExactly("model..v2", "weights.tar.gz");
    }

    @Test
    void parse_shouldGiveRoot_whenNullOrEmpty() {
        assertThat(ArtifactPath.parse(null).isRoot()).isTrue();
        assertThat(ArtifactPath.parse("").isRoot()).isTrue();
    }

    @Test
    void relativeTo_shouldStripPrefix() {
        ArtifactPath full = ArtifactPath.parse("1/r/artifacts/a/b.txt");

        assertThat(full.relativeTo(ArtifactPath.parse("1/r/artifacts")).toString()).isEqualTo("a/b.txt");
        assertThat(full.startsWith(ArtifactPath.parse("1/r"))).isTrue();
        assertThat(full.startsWith(ArtifactPath.parse("1/x"))).isFalse();
    }
}

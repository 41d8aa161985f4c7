package dev.mlops.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ArtifactPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/../../b", "/etc/passwd", "//tmp/x", "a/./b", "..", "a\\..\\b",
        "C:/x", "a/\u0000b", "a/b\nc", "a%2f..%2f..%2fb", "%2e%2e/x", "a%252e%252e/%252e%252e", "%2fetc", "a#b"})
    void parse_shouldRefuseInMlflowWords_whenPathCouldEscapeOrIsOdd(String raw) {
        assertThatThrownBy(() -> ArtifactPath.parse(raw)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("Invalid path");
    }

    @Test
    void parse_shouldRefuseNamesLongerThanFileSystemsStore() {
        assertThat(ArtifactPath.parse("dir/" + "n".repeat(255)).fileName()).hasSize(255);
        assertThatThrownBy(() -> ArtifactPath.parse("dir/" + "n".repeat(300)))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("Invalid path: ");
        assertThatThrownBy(() -> ArtifactPath.parse("é".repeat(128)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("255 bytes");
    }

    @Test
    void parse_shouldKeepPercentSignsThatDecodeToNothingUnsafe() {
        assertThat(ArtifactPath.parse("50%/a%20b").segments()).containsExactly("50%", "a%20b");
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

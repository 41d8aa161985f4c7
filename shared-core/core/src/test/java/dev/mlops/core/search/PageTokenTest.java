package dev.mlops.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.Page;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageTokenTest {

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1000, 123_456_789_012L, Long.MAX_VALUE / 10})
    void decode_shouldReturnOffset_whenTokenWasEncoded(long offset) {
        // Act
        String token = PageToken.encode(offset);

        // Assert
        assertThat(PageToken.decode(token)).isEqualTo(offset);
        assertThat(token).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void encode_shouldWrapOffsetJson_whenEncoding() {
        // Act
        String json = new String(Base64.getUrlDecoder().decode(PageToken.encode(42)), StandardCharsets.UTF_8);

        // Assert
        assertThat(json).isEqualTo("{\"offset\": 42}");
    }

    @Test
    void decode_shouldReturnZero_whenTokenIsNullOrEmpty() {
        assertThat(PageToken.decode(null)).isZero();
        assertThat(PageToken.decode("")).isZero();
    }

    @Test
    void decode_shouldAcceptPaddedToken_whenClientKeptPadding() {
        // Arrange
        String padded = Base64.getUrlEncoder().encodeToString("{\"offset\": 7}".getBytes(StandardCharsets.UTF_8));

        // Act + Assert
        assertThat(PageToken.decode(padded)).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "%%%", "not base64 at all", "eyJvZmZzZXQiOiA1fQ==="})
    void decode_shouldReject_whenTokenIsNotBase64(String token) {
        assertThatThrownBy(() -> PageToken.decode(token))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Invalid page token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "{}", "{\"offset\": -1}", "{\"offset\": \"5\"}", "{\"offset\": 1.5}",
        "{\"offset\": 99999999999999999999}", "{\"offset\": 5, \"x\": 1}", "[5]"})
    void decode_shouldReject_whenDecodedTextIsNotAnOffset(String decoded) {
        assertThatThrownBy(() -> PageToken.decode(base64(decoded)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Invalid page token");
    }

    @Test
    void page_shouldWalkAllItems_whenFollowingNextTokens() {
        // Arrange
        List<Integer> all = List.of(1, 2, 3, 4, 5);

        // Act
        Page<Integer> first = PageToken.page(all, 2, null);
        Page<Integer> second = PageToken.page(all, 2, first.nextPageToken());
        Page<Integer> third = PageToken.page(all, 2, second.nextPageToken());

        // Assert
        assertThat(first.items()).containsExactly(1, 2);
        assertThat(second.items()).containsExactly(3, 4);
        assertThat(third.items()).containsExactly(5);
        assertThat(third.nextPageToken()).isNull();
    }

    @Test
    void page_shouldHaveNoNextToken_whenItemsExactlyFillThePage() {
        // Act
        Page<String> page = PageToken.page(List.of("a", "b"), 2, null);

        // Assert
        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void page_shouldBeEmpty_whenOffsetIsPastTheEnd() {
        // Act
        Page<String> page = PageToken.page(List.of("a"), 10, PageToken.encode(5));

        // Assert
        assertThat(page.items()).isEmpty();
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void page_shouldBeEmpty_whenListIsEmpty() {
        assertThat(PageToken.page(List.of(), 10, null).items()).isEmpty();
    }

    @Test
    void page_shouldReject_whenMaxResultsIsNotPositive() {
        assertThatThrownBy(() -> PageToken.page(List.of("a"), 0, null))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("max_results");
    }

    @Test
    void page_shouldReject_whenTokenIsGarbage() {
        assertThatThrownBy(() -> PageToken.page(List.of("a"), 1, "@@"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Invalid page token");
    }
}

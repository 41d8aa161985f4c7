package dev.mlops.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LikePatternTest {

    @ParameterizedTest(name = "''{0}'' LIKE ''{1}'' = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "abc        | abc      | true",
        "abc        | ABC      | false",
        "abc        | a%       | true",
        "abc        | %c       | true",
        "abc        | %b%      | true",
        "abc        | %        | true",
        "~~         | %        | true",
        "~~         | _        | false",
        "abc        | a_c      | true",
        "abbc       | a_c      | false",
        "abc        | ___      | true",
        "abc        | ab       | false",
        "xabc       | abc%     | false",
        // regex metacharacters are literal
        "axb        | a.b%     | false",
        "a.bc       | a.b%     | true",
        "abc        | a[b]c    | false",
        "a[b]c      | a[b]c    | true",
        "aaa        | a*       | false",
        "a*         | a*       | true",
        "a+b        | a+b      | true",
        "(x)$^      | (x)$^    | true",
        "a\\E      | a\\\\E    | true",
        // backslash escapes % and _
        "50%        | 50\\%    | true",
        "50x        | 50\\%    | false",
        "a_b        | a\\_b    | true",
        "axb        | a\\_b    | false",
        "a\\b       | a\\\\b   | true",
        "ab\\       | ab\\     | true",
    })
    void like_shouldFollowSqlSemantics_whenPatternHasWildcardsOrMetacharacters(String value, String pattern,
                                                                              boolean expected) {
        assertThat(LikePattern.like(value, pattern)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "ABC     | abc   | true",
        "Straße  | STRA% | true",
        "ÉCOLE   | école | true",
        "abc     | A_D   | false",
        "A.B     | a.b   | true",
        "AXB     | a.b   | false",
    })
    void ilike_shouldIgnoreCase_whenMatching(String value, String pattern, boolean expected) {
        assertThat(LikePattern.ilike(value, pattern)).isEqualTo(expected);
    }

    @Test
    void like_shouldMatchAcrossLineBreak_whenPercentCoversIt() {
        assertThat(LikePattern.like("first\nsecond", "first%second")).isTrue();
        assertThat(LikePattern.like("a\nb", "a_b")).isTrue();
    }
}

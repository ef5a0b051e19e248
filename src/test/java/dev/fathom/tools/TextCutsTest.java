package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextCutsTest {
    static final String EMOJI = "\uD83D\uDE00";

    @Test
    void aHeadNeverEndsInsideACharacter() {
        assertThat(TextCuts.head("ab" + EMOJI + "c", 3)).isEqualTo("ab");
        assertThat(TextCuts.head("ab" + EMOJI + "c", 4)).isEqualTo("ab" + EMOJI);
        assertThat(TextCuts.head("abc", 2)).isEqualTo("ab");
        assertThat(TextCuts.head("abc", 5)).isEqualTo("abc");
    }

    @Test
    void truncatedOutputKeepsWholeCharactersAtBothCuts() {
        String text = EMOJI.repeat(50_000);
        String cut = OutputLimits.truncate(text, 1002, null);
        assertThat(cut).contains("omitted");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(Character.isLowSurrogate(cut.charAt(i + 1))).as("pair at %d", i).isTrue();
                i++;
            } else {
                assertThat(Character.isSurrogate(c)).as("lone surrogate at %d", i).isFalse();
            }
        }
    }
}

package dev.fathom.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitMessageTest {
    @Test
    void aLabelledAnswerIsNotRepeatedAfterThePrefix() {
        assertThat(CommitMessage.subject("**Fixed:** Util.strip kept the closing quote.\n\nDetails follow."))
                .isEqualTo("fix: util.strip kept the closing quote");
    }

    @Test
    void aLongSummaryIsCutAtAWordWithinSeventyTwoCharacters() {
        String s = CommitMessage.subject("Make Util.strip remove the closing quote as well as the opening one when both are present in the value");
        assertThat(s).hasSizeLessThanOrEqualTo(72).startsWith("fix: make Util.strip remove the closing quote").endsWith("…");
        assertThat(s.substring(0, s.length() - 1)).doesNotEndWith(" ");
        assertThat("Make Util.strip remove the closing quote as well as the opening one when both are present in the value")
                .containsIgnoringCase(s.substring(5, s.length() - 1));
    }

    @Test
    void theBodyNamesTheFailingCheckAndSaysWhenItTimedOut() {
        String m = CommitMessage.of("Make add add.", "mvn -B test", -1, true, List.of("src/A.java"));
        assertThat(m).startsWith("fix: make add add\n\nFailing check: mvn -B test (timed out before, exit 0 after; run again by Fathom)\n")
                .contains("- src/A.java");
    }
}

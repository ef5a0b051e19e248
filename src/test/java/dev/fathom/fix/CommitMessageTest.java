package dev.fathom.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitMessageTest {
    @Test
    void aLabelledAnswerIsNotRepeatedAfterThePrefix() {
        assertThat(CommitMessage.subject("**Fixed:** Util.strip kept the closing quote.\n\nDetails follow."))
                .isEqualTo("fix: Util.strip kept the closing quote");
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
        CheckRun before = new CheckRun("initial", null, true, 30_000, List.of("demo.ATest.adds"), java.time.Duration.ofSeconds(30));
        String m = CommitMessage.of("Make add add.", "mvn -B test", before, List.of("src/A.java"));
        assertThat(m).startsWith("fix: make add add\n\nFailing check: mvn -B test (timed out after 30 s before, exit 0 after; run again by Fathom)\n")
                .contains("Failing tests before the fix:\n- demo.ATest.adds\n").contains("- src/A.java").doesNotContain("-1");
    }

    @Test
    void anIdentifierKeepsItsCase() {
        assertThat(CommitMessage.subject("Calc.add subtracted instead of adding.")).isEqualTo("fix: Calc.add subtracted instead of adding");
        assertThat(CommitMessage.subject("URLParser drops the port")).isEqualTo("fix: URLParser drops the port");
        assertThat(CommitMessage.subject("parseInt overflowed")).isEqualTo("fix: parseInt overflowed");
    }

    @Test
    void aLeadingFixedIsNotRepeatedAfterThePrefixAndPastTenseBecomesImperative() {
        assertThat(CommitMessage.subject("Fixed the off-by-one in Util.strip")).isEqualTo("fix: the off-by-one in Util.strip");
        assertThat(CommitMessage.subject("Fix: fixed the off-by-one in Util.strip")).isEqualTo("fix: the off-by-one in Util.strip");
        assertThat(CommitMessage.subject("Made Calc.add add instead of subtract")).isEqualTo("fix: make Calc.add add instead of subtract");
        assertThat(CommitMessage.subject("Changes the loop bound to size - 1")).isEqualTo("fix: change the loop bound to size - 1");
        assertThat(CommitMessage.subject("fixture loader reads the wrong file")).isEqualTo("fix: fixture loader reads the wrong file");
    }

    @Test
    void theIssuesSubjectIsNeitherDuplicatedNorCutMidWord() {
        String s = CommitMessage.subject("fixed: Util.strip kept the closing quote of a value that was quoted on both sides of the string");
        assertThat(s).doesNotContainIgnoringCase("fix: fixed").hasSizeLessThanOrEqualTo(72).startsWith("fix: Util.strip kept the closing quote")
                .endsWith("…");
        String words = s.substring(0, s.length() - 1);
        assertThat("fix: Util.strip kept the closing quote of a value that was quoted on both sides of the string")
                .startsWith(words + " ");
    }
}

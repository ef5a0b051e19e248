package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each hunk lands in a file's lines, what the file becomes, and the message when a hunk does not fit. */
class HunkApplierTest {

    private static List<String> apply(List<String> file, Patch.Hunk... hunks) throws ToolException {
        List<String> lines = new ArrayList<>(file);
        int[] counts = HunkApplier.apply(lines, List.of(hunks), "f");
        lines.add("(+" + counts[0] + " -" + counts[1] + ")");
        return lines;
    }

    private static Patch.Hunk hunk(String header, String... lines) {
        return new Patch.Hunk(header, List.of(lines), false);
    }

    private static Patch.Hunk atEnd(String header, String... lines) {
        return new Patch.Hunk(header, List.of(lines), true);
    }

    @Test
    void replacesTheFirstMatchAndCountsAddedAndRemovedLines() throws ToolException {
        assertThat(apply(List.of("a", "b", "a", "b"), hunk("", " a", "-b", "+B", "+B2")))
                .containsExactly("a", "B", "B2", "a", "b", "(+2 -1)");
    }

    @Test
    void aLaterHunkIsSearchedOnlyAfterTheEarlierOne() throws ToolException {
        assertThat(apply(List.of("x", "y", "x", "y"), hunk("", "-x", "+1"), hunk("", "-x", "+2")))
                .containsExactly("1", "y", "2", "y", "(+2 -2)");
        assertThatThrownBy(() -> apply(List.of("x", "y"), hunk("", " y", "+z"), hunk("", "-x")))
                .hasMessage("Hunk 2 of f does not match the file: these lines were not found after line 3:\n  x\n"
                        + "Read the file again and copy the context and '-' lines exactly.");
    }

    @Test
    void anEndOfFileHunkMatchesTheLastOccurrence() throws ToolException {
        assertThat(apply(List.of("end", "mid", "end"), atEnd("", "-end", "+END")))
                .containsExactly("end", "mid", "END", "(+1 -1)");
        // not at the end: the first place that fits, as for any hunk
        assertThat(apply(List.of("end", "mid", "end", "tail"), atEnd("", "-end", "+END")))
                .containsExactly("END", "mid", "end", "tail", "(+1 -1)");
    }

    @Test
    void anEndOfFileHunkBeforeTheCursorIsNotTakenFromBehindIt() {
        assertThatThrownBy(() -> apply(List.of("a", "b"), hunk("", " a", " b", "+c"), atEnd("", "-b", "+B")))
                .hasMessageStartingWith("Hunk 2 of f does not match the file: these lines were not found after line 3:\n  b\n");
    }

    @Test
    void anExactMatchIsPreferredToOneThatDiffersInTrailingWhitespace() throws ToolException {
        assertThat(apply(List.of("x  ", "x"), hunk("", "-x", "+y"))).containsExactly("x  ", "y", "(+1 -1)");
        assertThat(apply(List.of("x  ", "x"), atEnd("", "-x  ", "+y"))).containsExactly("y", "x", "(+1 -1)");
    }

    @Test
    void trailingWhitespaceDriftIsToleratedAndTheFilesOwnLineIsKept() throws ToolException {
        assertThat(apply(List.of("keep\t ", "old"), hunk("", " keep", "-old   ", "+new")))
                .containsExactly("keep\t ", "new", "(+1 -1)");
        assertThatThrownBy(() -> apply(List.of(" lead"), hunk("", "-lead", "+x")))
                .hasMessageContaining("does not match the file");
    }

    @Test
    void theHeaderLineIsFoundByItsTextOrAsAPartOfALineAndTheHunkStartsThere() throws ToolException {
        List<String> file = List.of("def a():", "    x", "def b():", "    x");
        assertThat(apply(file, hunk("def b():", "-    x", "+    y"))).containsExactly("def a():", "    x", "def b():", "    y", "(+1 -1)");
        assertThat(apply(file, hunk("b()", "-    x", "+    y"))).containsExactly("def a():", "    x", "def b():", "    y", "(+1 -1)");
        assertThat(apply(List.of("  def b():  ", "x"), hunk("def b():", "-x", "+y"))).containsExactly("  def b():  ", "y", "(+1 -1)");
    }

    @Test
    void aHeaderIsSearchedFromTheCursorAndTheErrorSaysWhere() {
        assertThatThrownBy(() -> apply(List.of("h", "a", "b"), hunk("", " h", "-a"), hunk("h", "+x")))
                .hasMessage("Hunk 2 (@@ h) of f: the @@ line 'h' was not found after line 1. Use a line that exists in the file, "
                        + "or leave the @@ line empty.");
        assertThatThrownBy(() -> apply(List.of("a"), hunk("missing", "-a")))
                .hasMessage("Hunk 1 (@@ missing) of f: the @@ line 'missing' was not found after line 0. Use a line that exists in the "
                        + "file, or leave the @@ line empty.");
    }

    @Test
    void onlyAddedLinesGoAfterTheHeaderOrAtTheEnd() throws ToolException {
        List<String> file = List.of("a", "b", "c");
        assertThat(apply(file, hunk("a", "+after a"))).containsExactly("a", "after a", "b", "c", "(+1 -0)");
        assertThat(apply(file, hunk("", "+appended"))).containsExactly("a", "b", "c", "appended", "(+1 -0)");
        assertThat(apply(file, atEnd("a", "+appended"))).containsExactly("a", "b", "c", "appended", "(+1 -0)");
        assertThat(apply(List.of(), hunk("", "+first"))).containsExactly("first", "(+1 -0)");
    }

    @Test
    void aHunkThatMatchesTheWholeFileOrItsLastLinesApplies() throws ToolException {
        assertThat(apply(List.of("a", "b"), hunk("", "-a", "-b"))).containsExactly("(+0 -2)");
        assertThat(apply(List.of("a", "b"), hunk("", " a", "-b", "+c"))).containsExactly("a", "c", "(+1 -1)");
        assertThat(apply(List.of("a", "b"), atEnd("", "-a", "-b", "+c"))).containsExactly("c", "(+1 -2)");
    }

    @Test
    void theErrorQuotesAtMostFiveLinesOfWhatWasNotFound() {
        assertThatThrownBy(() -> apply(List.of("z"), hunk("", "-1", "-2", "-3", "-4", "-5", "-6", "-7")))
                .hasMessage("Hunk 1 of f does not match the file: these lines were not found:\n  1\n  2\n  3\n  4\n  5\n  … (2 more)\n"
                        + "Read the file again and copy the context and '-' lines exactly.");
        assertThatThrownBy(() -> apply(List.of("z"), hunk("", "-1", "-2", "-3", "-4", "-5")))
                .hasMessage("Hunk 1 of f does not match the file: these lines were not found:\n  1\n  2\n  3\n  4\n  5\n"
                        + "Read the file again and copy the context and '-' lines exactly.");
    }
}
